namespace Vrrp.StateMachine;

/// <summary>What the driver must do on the state machine's behalf.</summary>
internal enum VrrpEffectKind : byte
{
    /// <summary>Send one advertisement with <see cref="VrrpEffect.Priority"/> (0 when stopping).</summary>
    SendAdvertisement = 1,

    /// <summary>Bind the virtual addresses to the interface.</summary>
    AddVirtualAddresses,

    /// <summary>Remove the virtual addresses from the interface.</summary>
    RemoveVirtualAddresses,

    /// <summary>Send gratuitous ARP (IPv4) or unsolicited Neighbor Advertisements (IPv6) for the virtual addresses.</summary>
    AnnounceVirtualAddresses,

    /// <summary>
    /// Announce the virtual addresses again after a lower-priority advertisement reached the master, on keepalived's
    /// <c>garp_lower_prio_repeat</c> / <c>garp_lower_prio_delay</c> schedule (a repeat of 0 sends nothing).
    /// </summary>
    ReannounceVirtualAddresses,

    /// <summary>Arm the timer <see cref="VrrpEffect.Timer"/> to fire at timestamp <see cref="VrrpEffect.Due"/> (replacing any armed timer).</summary>
    ArmTimer,

    /// <summary>Cancel the armed timer.</summary>
    CancelTimer,

    /// <summary>The state changed from <see cref="VrrpEffect.From"/> to <see cref="VrrpEffect.To"/> because of <see cref="VrrpEffect.Reason"/>.</summary>
    StateChanged,

    /// <summary>A sync-group member's Master_Down_Timer expired: it would be master, and asks its group (keepalived's vrrp_sync_master).</summary>
    SyncGroupRequestMaster,

    /// <summary>A sync-group member that wanted master heard a master it defers to: its group must not be master (keepalived's vrrp_sync_backup).</summary>
    SyncGroupRequestBackup,

    /// <summary>The instance now wants mastership (master, or a backup waiting for the gate): tell the <see cref="IVrrpMastershipGate"/>.</summary>
    WantGate,

    /// <summary>The instance no longer wants mastership (after its addresses were removed): tell the <see cref="IVrrpMastershipGate"/>.</summary>
    ReleaseGate,
}
