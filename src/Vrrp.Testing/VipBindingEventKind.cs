namespace Vrrp.Testing;

/// <summary>What a <see cref="RecordingVipBinder"/> was asked to do.</summary>
public enum VipBindingEventKind
{
    /// <summary>Bind the virtual addresses.</summary>
    Added,

    /// <summary>Remove the virtual addresses.</summary>
    Removed,

    /// <summary>Announce the virtual addresses (gratuitous ARP / unsolicited NA).</summary>
    Announced,
}
