using System;
using System.Collections.Generic;
using System.Threading;
using Vrrp.Packets;

namespace Vrrp.Instances;

/// <summary>Lock-free counters: written by the receive path and the input loop, read by status snapshots.</summary>
internal sealed class InstanceCounters
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

    public void Sent(byte priority)
    {
        Interlocked.Increment(ref _advertisementsSent);
        if (priority == 0)
        {
            Interlocked.Increment(ref _priorityZeroSent);
        }
    }

    public void Received() => Interlocked.Increment(ref _advertisementsReceived);

    public void ReceivedPriorityZero() => Interlocked.Increment(ref _priorityZeroReceived);

    public void Dropped(VrrpDropReason reason) => Interlocked.Increment(ref _drops[(int)reason]);

    public void Malformed(VrrpPacketError error) => Interlocked.Increment(ref _packetErrors[(int)error]);

    public void Transition(bool toMaster)
    {
        Interlocked.Increment(ref _transitions);
        if (toMaster)
        {
            Interlocked.Increment(ref _becameMaster);
        }
    }

    public void SendError() => Interlocked.Increment(ref _sendErrors);

    public void BinderError() => Interlocked.Increment(ref _binderErrors);

    public void UnicastSourceMismatch() => Interlocked.Increment(ref _unicastSourceMismatches);

    public void AddressListMismatch(in VrrpAddress source)
    {
        // The source is a multi-word struct: written and read under the lock, so a snapshot never sees half of one.
        lock (_mismatchLock)
        {
            _lastAddressListMismatchSource = source;
            _addressListMismatches++;
        }
    }

    public long GetDrops(VrrpDropReason reason) => Volatile.Read(ref _drops[(int)reason]);

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
