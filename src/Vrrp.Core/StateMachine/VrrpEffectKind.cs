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

    /// <summary>Arm the timer <see cref="VrrpEffect.Timer"/> to fire at timestamp <see cref="VrrpEffect.Due"/> (replacing any armed timer).</summary>
    ArmTimer,

    /// <summary>Cancel the armed timer.</summary>
    CancelTimer,

    /// <summary>The state changed from <see cref="VrrpEffect.From"/> to <see cref="VrrpEffect.To"/> because of <see cref="VrrpEffect.Reason"/>.</summary>
    StateChanged,
}
