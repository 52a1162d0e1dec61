using Vrrp.Config.Diagnostics;
using Vrrp.Config.Options;
using Vrrp.Hosting.Health;
using Vrrp.Platform;

namespace Vrrp.Hosting.Configuration;

/// <summary>What <see cref="InstanceSettingsFactory"/> made of validated <see cref="VrrpOptions"/>: the instances to run, and the validator's diagnostics.</summary>
internal sealed record VrrpHostPlan
{
    public required IReadOnlyList<VrrpInstancePlan> Instances { get; init; }

    /// <summary>Gets the sync groups: name to member instance names.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> SyncGroups { get; init; }

    /// <summary>Gets the <c>vrrp_script</c>s that some instance tracks, by name.</summary>
    public required IReadOnlyDictionary<string, VrrpScriptOptions> Scripts { get; init; }

    /// <summary>Gets the <c>track_file</c>s that some instance tracks, by name.</summary>
    public IReadOnlyDictionary<string, VrrpTrackFileOptions> TrackFiles { get; init; } = new Dictionary<string, VrrpTrackFileOptions>();

    /// <summary>Gets the <c>vrrp_track_process</c>es that some instance tracks, by name.</summary>
    public IReadOnlyDictionary<string, VrrpTrackProcessOptions> TrackProcesses { get; init; } = new Dictionary<string, VrrpTrackProcessOptions>();

    /// <summary>Gets each sync group's own notify hooks, by group name.</summary>
    public IReadOnlyDictionary<string, NotifyCommands> SyncGroupNotify { get; init; } = new Dictionary<string, NotifyCommands>();

    /// <summary>Gets the user and group scripts run as, and whether enable_script_security is on.</summary>
    public ScriptRunAs ScriptRunAs { get; init; } = ScriptRunAs.Default;

    /// <summary>Gets the scheduling of the time-keeping threads (vrrp_rt_priority, vrrp_rlimit_rttime, vrrp_no_swap); applied once, at start.</summary>
    public VrrpSchedulingSettings Scheduling { get; init; } = VrrpSchedulingSettings.Default;

    /// <summary>
    /// Gets the validator's diagnostics: errors stop the configuration from running (their instances are not in
    /// <see cref="Instances"/>), warnings and notes do not. Each carries the option path it is about.
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
