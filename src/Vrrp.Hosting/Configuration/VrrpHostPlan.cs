using System.Collections.Generic;
using Vrrp.Config.Options;

namespace Vrrp.Hosting.Configuration;

/// <summary>What <see cref="InstanceSettingsFactory"/> made of <see cref="VrrpOptions"/>: the instances to run, and what it could not map.</summary>
internal sealed record VrrpHostPlan
{
    public required IReadOnlyList<VrrpInstancePlan> Instances { get; init; }

    /// <summary>Gets the sync groups: name to member instance names.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> SyncGroups { get; init; }

    /// <summary>Gets the <c>vrrp_script</c>s that some instance tracks, by name.</summary>
    public required IReadOnlyDictionary<string, VrrpScriptOptions> Scripts { get; init; }

    /// <summary>Gets problems that stop the configuration from running, each naming its instance.</summary>
    public required IReadOnlyList<string> Errors { get; init; }

    /// <summary>Gets settings the engine reads but does not apply yet, each naming its instance.</summary>
    public required IReadOnlyList<string> Warnings { get; init; }
}
