using Vrrp.Packets;

namespace Vrrp.Cli.Captures;

/// <summary>
/// What <c>vrrp decode</c> reports about one VRRP packet in a capture. Fields the packet is too short to hold are null.
/// Invalid packets are decoded as far as their bytes allow and carry the reader's <see cref="Error"/>.
/// </summary>
internal sealed record DecodedVrrpFrame
{
    public required int FrameNumber { get; init; }

    public required string Source { get; init; }

    public required string Destination { get; init; }

    public required int Ttl { get; init; }

    public int? Version { get; init; }

    public int? Type { get; init; }

    public int? VirtualRouterId { get; init; }

    public int? Priority { get; init; }

    public int? AddressCount { get; init; }

    public int? AdvertIntervalCentiseconds { get; init; }

    public int? Checksum { get; init; }

    public bool ChecksumValid { get; init; }

    public VrrpChecksumForm? ChecksumForm { get; init; }

    public required IReadOnlyList<string> Addresses { get; init; }

    public int? AuthType { get; init; }

    public string? AuthString { get; init; }

    public VrrpPacketError Error { get; init; }

    public VrrpPacketNotes Notes { get; init; }
}
