using Vrrp.Config.Options;
using Vrrp.Hosting.Health;
using Vrrp.Hosting.Tracking;
using Vrrp.Platform;

namespace Vrrp.Hosting.Configuration;

/// <summary>Everything the host needs to run one <c>vrrp_instance</c>: Core settings plus what lives around the instance.</summary>
internal sealed record VrrpInstancePlan
{
    public required VrrpInstanceSettings Settings { get; init; }

    public required VrrpAnnouncementSettings Announcement { get; init; }

    public NotifyCommands Notify { get; init; } = NotifyCommands.None;

    /// <summary>Gets the names of the tracked <c>vrrp_script</c>s; each is also the tracked item's name.</summary>
    public IReadOnlyList<string> TrackedScripts { get; init; } = [];

    public IReadOnlyList<TrackedInterface> TrackedInterfaces { get; init; } = [];

    /// <summary>Gets the tracked <c>track_file</c>s (value items of the instance).</summary>
    public IReadOnlyList<TrackedReference> TrackedFiles { get; init; } = [];

    /// <summary>Gets the tracked <c>vrrp_track_process</c>es.</summary>
    public IReadOnlyList<TrackedReference> TrackedProcesses { get; init; } = [];

    public string? SyncGroup { get; init; }

    /// <summary>Gets the commands that move the virtual addresses, or null to bind them with the platform's binder alone.</summary>
    public VrrpVipCommandOptions? VipCommands { get; init; }

    /// <summary>Gets who the VIP commands run as (<c>script_user</c>, <c>enable_script_security</c>); null: the daemon's user, unchecked.</summary>
    public ScriptRunAs? VipCommandsRunAs { get; init; }

    public string Name => Settings.Name;
}
