namespace Vrrp.Config.Options;

/// <summary>
/// Everything Vrrp needs to run VRRP instances: the VRRP part of keepalived's configuration. Read it from a
/// keepalived.conf with <see cref="KeepalivedConfigReader"/>, or bind it from .NET configuration
/// (appsettings.json, environment variables) with <c>services.AddVrrpOptions(section)</c>; both are checked by
/// <see cref="Validation.VrrpOptionsValidator"/>.
/// </summary>
public sealed class VrrpOptions
{
    /// <summary>Gets or sets the settings of keepalived's <c>global_defs</c> block that concern VRRP.</summary>
    public GlobalDefinitionsOptions GlobalDefinitions { get; set; } = new();

    /// <summary>Gets the health-check scripts (<c>vrrp_script NAME { }</c>) by name.</summary>
    public Dictionary<string, VrrpScriptOptions> Scripts { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets the tracked files (<c>track_file NAME { }</c>, also <c>vrrp_track_file</c>) by name.</summary>
    public Dictionary<string, VrrpTrackFileOptions> TrackFiles { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets the tracked processes (<c>vrrp_track_process NAME { }</c>) by name.</summary>
    public Dictionary<string, VrrpTrackProcessOptions> TrackProcesses { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets the sync groups (<c>vrrp_sync_group NAME { }</c>) by name.</summary>
    public Dictionary<string, VrrpSyncGroupOptions> SyncGroups { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets the VRRP instances (<c>vrrp_instance NAME { }</c>) by name.</summary>
    public Dictionary<string, VrrpInstanceOptions> Instances { get; } = new(StringComparer.Ordinal);
}
