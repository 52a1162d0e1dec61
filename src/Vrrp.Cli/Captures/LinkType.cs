namespace Vrrp.Cli.Captures;

/// <summary>The link-layer header types (tcpdump.org LINKTYPE_ values) the capture reader understands.</summary>
internal enum LinkType
{
    Null = 0,
    Ethernet = 1,
    Raw = 101,
    LinuxCooked = 113,
    IPv4 = 228,
    IPv6 = 229,
    LinuxCooked2 = 276,
}
