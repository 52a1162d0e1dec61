using System.Net;
using Vrrp.Packets;

namespace Vrrp.Cli.Tests.Captures;

/// <summary>
/// The fields of one VRRP packet in one comparable shape, whoever reported them: tshark (the expected answer), our
/// in-process decoder, or <c>vrrp decode --json</c>. Null means the reporter does not carry the field.
/// </summary>
internal sealed record VrrpObservation
{
    public int? FrameNumber { get; init; }

    public required IPAddress Source { get; init; }

    public required IPAddress Destination { get; init; }

    public required int Ttl { get; init; }

    public int? Version { get; init; }

    public int? Type { get; init; }

    public int? VirtualRouterId { get; init; }

    public int? Priority { get; init; }

    public int? AddressCount { get; init; }

    public int? AdvertIntervalCentiseconds { get; init; }

    public int? Checksum { get; init; }

    public required bool ChecksumValid { get; init; }

    public VrrpChecksumForm? ChecksumForm { get; init; }

    public required IReadOnlyList<IPAddress> Addresses { get; init; }

    public int? AuthType { get; init; }

    public string? AuthString { get; init; }

    /// <summary>Gets the rejection reason (<see cref="VrrpPacketErrorExtensions.ToReason"/>), or null for a valid packet.</summary>
    public string? Error { get; init; }

    public VrrpPacketNotes? Notes { get; init; }
}
