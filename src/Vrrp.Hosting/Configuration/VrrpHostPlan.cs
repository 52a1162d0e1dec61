using Vrrp.Config.Diagnostics;
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

    /// <summary>
    /// Gets what could not be mapped: errors stop the configuration from running, warnings are settings the engine
    /// reads but does not apply yet. Each names its instance and carries the option path it is about.
    /// </summary>
    public required IReadOnlyList<ConfigDiagnostic> Diagnostics { get; init; }

    /// <summary>Gets the messages of the errors in <see cref="Diagnostics"/>.</summary>
    public IReadOnlyList<string> Errors => Messages(ConfigDiagnosticSeverity.Error);

    /// <summary>Gets the messages of the warnings in <see cref="Diagnostics"/>.</summary>
    public IReadOnlyList<string> Warnings => Messages(ConfigDiagnosticSeverity.Warning);

    private List<string> Messages(ConfigDiagnosticSeverity severity)
    {
        var messages = new List<string>();
        foreach (ConfigDiagnostic diagnostic in Diagnostics)
        {
            if (diagnostic.Severity == severity)
            {
                messages.Add(diagnostic.Message);
            }
        }

        return messages;
    }
}
