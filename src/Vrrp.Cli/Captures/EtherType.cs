namespace Vrrp.Cli.Captures;

/// <summary>The EtherTypes (IEEE 802 numbers) the link layer looks for on the way to an IP datagram.</summary>
internal enum EtherType : ushort
{
    IPv4 = 0x0800,
    IPv6 = 0x86DD,
    Vlan = 0x8100,
    QinQ = 0x88A8,
}
