using Vrrp.Packets;

namespace Vrrp.Instances;

/// <summary>
/// An instance's counters, the one set the whole receive path counts into: the transport (datagrams it could not
/// decode, other VRIDs, our own looped-back adverts) and the instance (its semantic checks, its queue, what it sent).
/// Lock-free; <see cref="Snapshot"/> reads them for the status file and the metrics.
/// </summary>
/// <remarks>
/// A transport without an instance counts into a set of its own (<see cref="VrrpCounterSet()"/>); once it feeds an
/// instance it counts into <see cref="VrrpInstance.Counters"/>, so a drop is counted once, in one place.
/// </remarks>
public sealed class VrrpCounterSet
{
    private readonly long[] _drops = new long[Enum.GetValues<VrrpDropReason>().Length];
    private readonly long[] _packetErrors = new long[Enum.GetValues<VrrpPacketError>().Length];
    private readonly Lock _mismatchLock = new();
    private long _advertisementsSent;
    private long _priorityZeroSent;
    private long _advertisementsReceived;
    private long _priorityZeroReceived;
    private long _transitions;
    private long _becameMaster;
    private long _sendErrors;
    private long _binderErrors;
    private long _unicastSourceMismatches;
    private long _addressListMismatches;
    private VrrpAddress _lastAddressListMismatchSource;

    /// <summary>Initializes an empty set.</summary>
    public VrrpCounterSet()
    {
    }

    /// <summary>Counts a VRRP message for this instance, valid or not (<see cref="VrrpCounters.AdvertisementsReceived"/>).</summary>
    public void CountReceived() => Interlocked.Increment(ref _advertisementsReceived);

    /// <summary>Counts a datagram dropped because it could not be decoded (<see cref="VrrpCounters.PacketErrors"/>).</summary>
    /// <param name="error">Why; <see cref="VrrpPacketError.None"/> is ignored.</param>
    public void CountMalformed(VrrpPacketError error)
    {
        if (error != VrrpPacketError.None && (uint)error < (uint)_packetErrors.Length)
        {
            Interlocked.Increment(ref _packetErrors[(int)error]);
        }
    }

    /// <summary>Counts a well-formed advertisement that was not used (<see cref="VrrpCounters.Drops"/>).</summary>
    /// <param name="reason">Why; <see cref="VrrpDropReason.None"/> is ignored.</param>
    public void CountDropped(VrrpDropReason reason)
    {
        if (reason != VrrpDropReason.None && (uint)reason < (uint)_drops.Length)
        {
            Interlocked.Increment(ref _drops[(int)reason]);
        }
    }

    /// <summary>Gets how many datagrams were dropped for <paramref name="error"/>.</summary>
    /// <param name="error">The wire error.</param>
    /// <returns>The count.</returns>
    public long GetCount(VrrpPacketError error) => (uint)error < (uint)_packetErrors.Length ? Volatile.Read(ref _packetErrors[(int)error]) : 0;

    /// <summary>Gets how many advertisements were dropped for <paramref name="reason"/>.</summary>
    /// <param name="reason">The reason.</param>
    /// <returns>The count.</returns>
    public long GetCount(VrrpDropReason reason) => (uint)reason < (uint)_drops.Length ? Volatile.Read(ref _drops[(int)reason]) : 0;

    /// <summary>Gets how many advertisements listed other virtual addresses than ours (<see cref="VrrpCounters.AddressListMismatches"/>), without a snapshot.</summary>
    public long AddressListMismatches => Interlocked.Read(ref _addressListMismatches);

    internal void Sent(byte priority)
    {
        Interlocked.Increment(ref _advertisementsSent);
        if (priority == 0)
        {
            Interlocked.Increment(ref _priorityZeroSent);
        }
    }

    internal void ReceivedPriorityZero() => Interlocked.Increment(ref _priorityZeroReceived);

    internal void Transition(bool toMaster)
    {
        Interlocked.Increment(ref _transitions);
        if (toMaster)
        {
            Interlocked.Increment(ref _becameMaster);
        }
    }

    internal void SendError() => Interlocked.Increment(ref _sendErrors);

    internal void BinderError() => Interlocked.Increment(ref _binderErrors);

    internal void UnicastSourceMismatch() => Interlocked.Increment(ref _unicastSourceMismatches);

    internal void AddressListMismatch(in VrrpAddress source)
    {
        // The source is a multi-word struct: written and read under the lock, so a snapshot never sees half of one.
        lock (_mismatchLock)
        {
            _lastAddressListMismatchSource = source;
            _addressListMismatches++;
        }
    }

    /// <summary>Takes a snapshot of every counter.</summary>
    /// <returns>The snapshot.</returns>
    public VrrpCounters Snapshot()
    {
        var drops = new Dictionary<VrrpDropReason, long>();
        for (int i = 1; i < _drops.Length; i++)
        {
            long value = Volatile.Read(ref _drops[i]);
            if (value != 0)
            {
                drops[(VrrpDropReason)i] = value;
            }
        }

        var errors = new Dictionary<VrrpPacketError, long>();
        for (int i = 1; i < _packetErrors.Length; i++)
        {
            long value = Volatile.Read(ref _packetErrors[i]);
            if (value != 0)
            {
                errors[(VrrpPacketError)i] = value;
            }
        }

        long addressListMismatches;
        VrrpAddress lastMismatchSource;
        lock (_mismatchLock)
        {
            addressListMismatches = _addressListMismatches;
            lastMismatchSource = _lastAddressListMismatchSource;
        }

        return new VrrpCounters
        {
            AdvertisementsSent = Volatile.Read(ref _advertisementsSent),
            PriorityZeroSent = Volatile.Read(ref _priorityZeroSent),
            AdvertisementsReceived = Volatile.Read(ref _advertisementsReceived),
            PriorityZeroReceived = Volatile.Read(ref _priorityZeroReceived),
            Transitions = Volatile.Read(ref _transitions),
            BecameMaster = Volatile.Read(ref _becameMaster),
            SendErrors = Volatile.Read(ref _sendErrors),
            BinderErrors = Volatile.Read(ref _binderErrors),
            UnicastSourceMismatches = Volatile.Read(ref _unicastSourceMismatches),
            AddressListMismatches = addressListMismatches,
            LastAddressListMismatchSource = lastMismatchSource.IsEmpty ? null : lastMismatchSource.ToIPAddress(),
            Drops = drops,
            PacketErrors = errors,
        };
    }
}
