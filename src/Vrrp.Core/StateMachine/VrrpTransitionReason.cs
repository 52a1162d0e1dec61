namespace Vrrp.StateMachine;

/// <summary>Why an instance entered its current state.</summary>
public enum VrrpTransitionReason : byte
{
    /// <summary>No transition yet.</summary>
    None = 0,

    /// <summary>Started with priority 255: the address owner becomes master at once (RFC 5798 §6.4.1).</summary>
    AddressOwner,

    /// <summary>Started with a priority below 255: begins as backup (RFC 5798 §6.4.1).</summary>
    Started,

    /// <summary>No acceptable advertisement arrived for Master_Down_Interval (RFC 5798 §6.4.2).</summary>
    MasterDownTimerExpired,

    /// <summary>The master announced it was stopping (priority 0) and Skew_Time passed (RFC 5798 §6.4.2).</summary>
    MasterStopped,

    /// <summary>An advertisement with a higher priority than ours arrived while master (RFC 5798 §6.4.3).</summary>
    HigherPriorityAdvertisement,

    /// <summary>An advertisement with our priority from a higher primary address arrived while master (RFC 5798 §6.4.3).</summary>
    EqualPriorityHigherAddress,

    /// <summary>A tracked item with weight 0 failed or the link went down (keepalived's FAULT).</summary>
    Fault,

    /// <summary>The fault cleared; the instance starts over as backup (RFC 5798 §6.4.1).</summary>
    FaultCleared,

    /// <summary>Another member of the instance's sync group changed state (keepalived's vrrp_sync_group).</summary>
    SyncGroup,

    /// <summary>The instance was shut down.</summary>
    Shutdown,

    /// <summary>An operator put the instance in maintenance (or took it out): it gave up mastership on purpose.</summary>
    Maintenance,

    /// <summary>The mastership gate (<see cref="IVrrpMastershipGate"/>, an etcd witness) closed while master: another node may hold it.</summary>
    Witness,
}
