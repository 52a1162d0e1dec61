namespace Vrrp.Config.Options;

/// <summary>Instances that change state together (keepalived's <c>vrrp_sync_group NAME { }</c>), with what the whole group tracks and runs.</summary>
public sealed class VrrpSyncGroupOptions : VrrpTrackingOptions
{
    /// <summary>Gets the names of the member instances (<c>group { }</c>).</summary>
    public List<string> Group { get; } = [];
}
