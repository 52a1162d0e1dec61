namespace Vrrp.Linux.Links;

/// <summary>What changed, as <see cref="LinuxLinkMonitor"/> reports it.</summary>
public enum LinkEventKind
{
    /// <summary>An interface appeared (created late, re-created with a new index, or renamed to this name).</summary>
    Added,

    /// <summary>An interface disappeared (deleted, or renamed away from this name).</summary>
    Removed,

    /// <summary>The interface became usable: administratively up and running (carrier).</summary>
    Up,

    /// <summary>The interface stopped being usable: set down or lost its carrier.</summary>
    Down,

    /// <summary>An address was added to the interface.</summary>
    AddressAdded,

    /// <summary>An address was removed from the interface.</summary>
    AddressRemoved,

    /// <summary>
    /// The kernel's event queue overflowed, so events were lost; the monitor re-read the interface list and reported
    /// the differences it found before this event. Consumers should re-check anything they derive from addresses.
    /// </summary>
    Resynchronized,
}
