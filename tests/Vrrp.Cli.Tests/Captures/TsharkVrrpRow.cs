using System.Net;

namespace Vrrp.Cli.Tests.Captures;

/// <summary>One VRRP packet as Wireshark's dissector reports it: one line of <c>tests/scripts/tshark-fields.sh</c>.</summary>
internal sealed record TsharkVrrpRow
{
    public required int FrameNumber { get; init; }

    public required IPAddress Source { get; init; }

    public required IPAddress Destination { get; init; }

    /// <summary>Gets <c>ip.ttl</c> or <c>ipv6.hlim</c>.</summary>
    public required int Ttl { get; init; }

    public required int Version { get; init; }

    public required int Type { get; init; }

    public required int VirtualRouterId { get; init; }

    public required int Priority { get; init; }

    public required int AddressCount { get; init; }

    /// <summary>Gets <c>vrrp.auth_type</c>, present for VRRPv2 only.</summary>
    public int? AuthType { get; init; }

    /// <summary>Gets <c>vrrp.adver_int</c>: VRRPv2's interval in whole seconds.</summary>
    public int? AdverIntSeconds { get; init; }

    /// <summary>Gets <c>vrrp.reserved_mbz</c>: VRRPv3's four reserved bits.</summary>
    public int? Reserved { get; init; }

    /// <summary>Gets <c>vrrp.short_adver_int</c>: VRRPv3's Max Adver Int in centiseconds.</summary>
    public int? ShortAdverIntCentiseconds { get; init; }

    public required int Checksum { get; init; }

    /// <summary>Gets the checksum verdict with tshark's default <c>vrrp.v3_checksum_as_in_v2: FALSE</c>.</summary>
    public required TsharkChecksumStatus ChecksumStatus { get; init; }

    /// <summary>Gets the checksum verdict with <c>vrrp.v3_checksum_as_in_v2: TRUE</c> (message-only form for VRRPv3/IPv4).</summary>
    public required TsharkChecksumStatus ChecksumStatusAsInV2 { get; init; }

    public required IReadOnlyList<IPAddress> Addresses { get; init; }

    /// <summary>Gets <c>vrrp.auth_string</c>, present for VRRPv2 simple-text authentication only.</summary>
    public string? AuthString { get; init; }
}
