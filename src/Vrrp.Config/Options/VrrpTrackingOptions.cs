namespace Vrrp.Config.Options;

/// <summary>
/// What a <c>vrrp_instance</c> and a <c>vrrp_sync_group</c> both have: the interfaces and scripts they track and the
/// commands run on their transitions.
/// </summary>
public abstract class VrrpTrackingOptions
{
    /// <summary>Gets the interfaces tracked (<c>track_interface { }</c>).</summary>
    public List<TrackInterfaceOptions> TrackInterfaces { get; } = [];

    /// <summary>Gets the scripts tracked (<c>track_script { }</c>).</summary>
    public List<TrackScriptOptions> TrackScripts { get; } = [];

    /// <summary>Gets the files tracked (<c>track_file { }</c>), by the name of their <c>track_file</c> block.</summary>
    public List<TrackReferenceOptions> TrackFiles { get; } = [];

    /// <summary>Gets the processes tracked (<c>track_process { }</c>), by the name of their <c>vrrp_track_process</c> block.</summary>
    public List<TrackReferenceOptions> TrackProcesses { get; } = [];

    /// <summary>Gets or sets the command run on becoming master (<c>notify_master</c>).</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? NotifyMaster { get; set; }

    /// <summary>Gets or sets the command run on becoming backup (<c>notify_backup</c>).</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? NotifyBackup { get; set; }

    /// <summary>Gets or sets the command run on going to fault (<c>notify_fault</c>).</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? NotifyFault { get; set; }

    /// <summary>Gets or sets the command run on stopping (<c>notify_stop</c>).</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? NotifyStop { get; set; }

    /// <summary>
    /// Gets or sets the command run on every transition, with <c>INSTANCE|GROUP name state priority</c> as arguments (<c>notify</c>).
    /// </summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? Notify { get; set; }

    /// <summary>Gets or sets whether transitions are e-mailed (<c>smtp_alert</c>); recognised, not implemented.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool SmtpAlert { get; set; }
}
