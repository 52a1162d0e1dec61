namespace Vrrp.Config.Options;

/// <summary>The state an instance starts in (keepalived's <c>state</c>).</summary>
public enum VrrpInitialState
{
    /// <summary>Start as backup and wait for the master down timer (keepalived's <c>BACKUP</c>).</summary>
    Backup,

    /// <summary>Ask to start as master (keepalived's <c>MASTER</c>); only an address owner (priority 255) becomes master at once.</summary>
    Master,
}
