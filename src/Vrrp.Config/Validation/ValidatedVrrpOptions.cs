using Vrrp.Config.Diagnostics;
using Vrrp.Config.Options;

namespace Vrrp.Config.Validation;

/// <summary>
/// What <see cref="VrrpOptionsValidator.Check(VrrpOptions, IReadOnlyDictionary{string, string})"/> made of <see cref="VrrpOptions"/>: every problem, and the typed values
/// of each instance without errors. When <see cref="HasErrors"/> is <see langword="false"/> the configuration runs.
/// </summary>
public sealed class ValidatedVrrpOptions
{
    internal ValidatedVrrpOptions(VrrpOptions options) => Options = options;

    /// <summary>Gets the options that were checked.</summary>
    public VrrpOptions Options { get; }

    /// <summary>Gets the instances without errors, in option order.</summary>
    public IReadOnlyList<ValidatedInstance> Instances { get; internal init; } = [];

    /// <summary>Gets the sync groups: name to the member instances that exist, each instance in one group only.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> SyncGroups { get; internal init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Gets every error and warning, each with its <see cref="ConfigDiagnostic.OptionPath"/>.</summary>
    public IReadOnlyList<ConfigDiagnostic> Diagnostics { get; internal init; } = [];

    /// <summary>
    /// Gets what the engine reads but does not apply yet (strict mode's firewall rules, track_file, group notify scripts,
    /// a peer's TTL limits), as notes: <c>vrrp run</c> logs them at start; they are not problems, so <c>check-config</c>
    /// does not count them (keepalived applies these settings and is silent about them).
    /// </summary>
    public IReadOnlyList<ConfigDiagnostic> Notes { get; internal init; } = [];

    /// <summary>Gets whether any diagnostic is an error, so the configuration cannot run.</summary>
    public bool HasErrors { get; internal init; }
}
