using System.Net;
using Vrrp.Packets;

namespace Vrrp.Instances;

/// <summary>A snapshot of an instance's counters since it was created.</summary>
public sealed record VrrpCounters
{
    /// <summary>Gets the advertisements sent (one per destination).</summary>
    public long AdvertisementsSent { get; init; }

    /// <summary>Gets the advertisements with priority 0 sent (on shutdown or fault).</summary>
    public long PriorityZeroSent { get; init; }

    /// <summary>Gets the messages handed to the instance, valid or not.</summary>
    public long AdvertisementsReceived { get; init; }

    /// <summary>Gets the valid advertisements with priority 0 received.</summary>
    public long PriorityZeroReceived { get; init; }

    /// <summary>Gets the state transitions.</summary>
    public long Transitions { get; init; }

    /// <summary>Gets how often the instance became master.</summary>
    public long BecameMaster { get; init; }

    /// <summary>Gets the sends that failed.</summary>
    public long SendErrors { get; init; }

    /// <summary>Gets the binder calls (add, remove, announce) that failed.</summary>
    public long BinderErrors { get; init; }

    /// <summary>
    /// Gets the well-formed advertisements, in unicast mode, whose source is not a configured peer: dropped with
    /// <see cref="VrrpInstanceSettings.CheckUnicastSource"/>, used otherwise.
    /// </summary>
    public long UnicastSourceMismatches { get; init; }

    /// <summary>
    /// Gets the well-formed advertisements whose address list differs from ours (keepalived 2.3.3 uses them; with
    /// <see cref="VrrpInstanceSettings.DropAddressListMismatch"/> they are also dropped).
    /// </summary>
    public long AddressListMismatches { get; init; }

    /// <summary>Gets the source of the latest advertisement counted in <see cref="AddressListMismatches"/>, or null.</summary>
    public IPAddress? LastAddressListMismatchSource { get; init; }

    /// <summary>Gets the well-formed advertisements dropped, by reason (only reasons that occurred).</summary>
    public IReadOnlyDictionary<VrrpDropReason, long> Drops { get; init; } = new Dictionary<VrrpDropReason, long>();

    /// <summary>Gets the malformed messages dropped, by wire error (only errors that occurred).</summary>
    public IReadOnlyDictionary<VrrpPacketError, long> PacketErrors { get; init; } = new Dictionary<VrrpPacketError, long>();
}
