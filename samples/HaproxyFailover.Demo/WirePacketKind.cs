namespace HaproxyFailover.Demo;

/// <summary>What a <see cref="WirePacket"/> is.</summary>
internal enum WirePacketKind
{
    /// <summary>A VRRP advertisement (sender: its source IP address).</summary>
    Advert,

    /// <summary>A gratuitous ARP for the VIP (sender: its source MAC address).</summary>
    GratuitousArp,
}
