namespace Vrrp.StateMachine;

/// <summary>What happened, from the state machine's point of view.</summary>
internal enum VrrpInputKind : byte
{
    /// <summary>The Startup event (RFC 5798 §6.4.1).</summary>
    Start = 1,

    /// <summary>The Shutdown event (RFC 5798 §6.4.2, §6.4.3).</summary>
    Shutdown,

    /// <summary>A valid advertisement for this instance arrived (after wire and semantic checks).</summary>
    AdvertisementReceived,

    /// <summary>The armed timer fired.</summary>
    TimerFired,

    /// <summary>The effective priority changed (tracking).</summary>
    PriorityChanged,

    /// <summary>The instance entered or left fault (tracked item with weight 0, link, sync group).</summary>
    FaultChanged,

    /// <summary>The sync group goes to master: every member's Master_Down_Timer expired (or a member is master already).</summary>
    SyncGroupMaster,

    /// <summary>Another member of the sync group left master for backup.</summary>
    SyncGroupBackup,

    /// <summary>Our primary address (the source of our advertisements) changed: the interface's address was replaced.</summary>
    PrimaryAddressChanged,

    /// <summary>An operator put the instance in maintenance or took it out (<see cref="VrrpInput.Flag"/>).</summary>
    MaintenanceChanged,

    /// <summary>The mastership gate (<see cref="IVrrpMastershipGate"/>) opened or closed (<see cref="VrrpInput.Flag"/>).</summary>
    GateChanged,
}
