namespace Vrrp.Cli.Tests.Captures;

/// <summary>Wireshark's checksum verdict (<c>vrrp.checksum.status</c>), as printed by <c>tshark -T fields</c>.</summary>
internal enum TsharkChecksumStatus
{
    Bad = 0,
    Good = 1,
    Unverified = 2,
    NotPresent = 3,
    Illegal = 4,
}
