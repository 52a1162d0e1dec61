using System.Collections.Generic;

namespace Vrrp.Config.Options;

/// <summary>Instances that change state together (keepalived's <c>vrrp_sync_group NAME { }</c>).</summary>
public sealed class VrrpSyncGroupOptions
{
    /// <summary>Gets the names of the member instances (<c>group { }</c>).</summary>
    public List<string> Group { get; } = [];

    /// <summary>Gets the interfaces the whole group tracks (<c>track_interface { }</c>).</summary>
    public List<TrackInterfaceOptions> TrackInterfaces { get; } = [];

    /// <summary>Gets the scripts the whole group tracks (<c>track_script { }</c>).</summary>
    public List<TrackScriptOptions> TrackScripts { get; } = [];

    /// <summary>Gets or sets the command run when the group becomes master (<c>notify_master</c>).</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? NotifyMaster { get; set; }

    /// <summary>Gets or sets the command run when the group becomes backup (<c>notify_backup</c>).</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? NotifyBackup { get; set; }

    /// <summary>Gets or sets the command run when the group goes to fault (<c>notify_fault</c>).</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? NotifyFault { get; set; }

    /// <summary>Gets or sets the command run when the group stops (<c>notify_stop</c>).</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? NotifyStop { get; set; }

    /// <summary>Gets or sets the command run on every transition, with the group, state and priority as arguments (<c>notify</c>).</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? Notify { get; set; }

    /// <summary>Gets or sets whether transitions are e-mailed (<c>smtp_alert</c>); recognised, not implemented.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool SmtpAlert { get; set; }
}
