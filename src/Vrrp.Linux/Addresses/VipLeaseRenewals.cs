using Vrrp.Linux.Netlink;

namespace Vrrp.Linux.Addresses;

/// <summary>
/// The lease renewals of every <see cref="LinuxVipBinder"/> of a network namespace, sent on its one rtnetlink socket
/// (<see cref="SharedNetlinkSocket"/>). When one instance's renewal is due, the renewals of the other instances that
/// are at least half way to theirs and whose owner called lately go in the same datagram, and only the last request
/// asks for an acknowledgement: a 1,000-instance master renews its thousand leases in a few system calls a second
/// instead of 1,500 round trips (docs/scale.md). A renewal whose owner stopped calling is never renewed by another's:
/// a hung instance still loses its VIPs, at most a quarter of a renewal period later than alone. A lapsed renewal is
/// left to its owner, which binds and announces the addresses again.
/// </summary>
internal sealed class VipLeaseRenewals
{
    /// <summary>
    /// The most addresses renewed together (besides the due renewal's own): the kernel handles them in the sending
    /// thread, a few microseconds each, and that thread is the timer thread.
    /// </summary>
    internal const int MaxAddressesPerBatch = 64;

    private readonly NetlinkSocket _socket;

    // Held from choosing a batch to its acknowledgement, and by forgetting a renewal: once forgotten, none of its
    // requests is in flight. Registering needs only _lock, so a takeover never waits for another instance's batch.
    private readonly Lock _sendLock = new();
    private readonly Lock _lock = new();
    private readonly List<VipLeaseRenewal> _renewals = [];
    // At most the due renewal and one per address besides (a renewal without addresses is never batched), so a renewal
    // never grows it.
    private readonly List<VipLeaseRenewal> _batch = new(MaxAddressesPerBatch + 1);
    private byte[] _requests = new byte[MaxAddressesPerBatch * AddressRequest.Length];
    private int[] _errors = new int[MaxAddressesPerBatch];
    private string?[] _texts = new string?[MaxAddressesPerBatch];

    /// <summary>Creates the renewals of the namespace whose socket is <paramref name="socket"/>.</summary>
    public VipLeaseRenewals(NetlinkSocket socket) => _socket = socket;

    /// <summary>
    /// Replaces <paramref name="old"/> (when not null) by <paramref name="next"/> (when not null). Once it returns, no
    /// request of <paramref name="old"/> is being sent or will be: its addresses can be removed without a renewal
    /// (NLM_F_CREATE) binding them again.
    /// </summary>
    public void Replace(VipLeaseRenewal? old, VipLeaseRenewal? next)
    {
        if (old is not null)
        {
            lock (_sendLock)
            {
                lock (_lock)
                {
                    Swap(old, next);
                }
            }
        }
        else
        {
            lock (_lock)
            {
                Swap(null, next);
            }
        }
    }

    /// <summary>
    /// Renews <paramref name="due"/> now and, in the same datagram, the renewals that are at least half a period old
    /// (and not lapsed), share its clock and whose owner called within a quarter of a period and after their last
    /// renewal. A renewal the kernel refuses keeps its schedule, so its owner finds it due and sees the error.
    /// </summary>
    /// <returns><see langword="false"/> when <paramref name="due"/> is no longer held (its addresses are being removed): nothing was sent.</returns>
    /// <exception cref="NetlinkException">The kernel refused to renew an address of <paramref name="due"/>.</exception>
    public bool Renew(VipLeaseRenewal due)
    {
        lock (_sendLock)
        {
            long now;
            int addresses;
            int length = 0;
            byte[] requests;
            int[] errors;
            string?[] texts;
            lock (_lock)
            {
                if (!due.Registered)
                {
                    return false;
                }

                // Read under the lock: the kernel's lifetime starts now, not when the owner asked.
                now = due.Clock.GetTimestamp();
                _batch.Clear();
                _batch.Add(due);
                addresses = due.Count;
                foreach (VipLeaseRenewal other in _renewals)
                {
                    if (addresses >= due.Count + MaxAddressesPerBatch)
                    {
                        break;
                    }

                    if (!ReferenceEquals(other, due) && other.Count > 0 && IsWorthRenewingWith(other, due.Clock, now) && addresses + other.Count <= due.Count + MaxAddressesPerBatch)
                    {
                        _batch.Add(other);
                        addresses += other.Count;
                    }
                }

                // Replace may grow the buffers while this batch is out: it keeps the ones it filled.
                requests = _requests;
                errors = _errors;
                texts = _texts;
                foreach (VipLeaseRenewal renewal in _batch)
                {
                    renewal.Requests.CopyTo(requests.AsSpan(length));
                    length += renewal.Requests.Length;
                }
            }

            if (addresses == 0)
            {
                due.RenewedAt = now;
                return true;
            }

            _socket.TransactBatch(requests.AsSpan(0, length), errors.AsSpan(0, addresses), texts.AsSpan(0, addresses), acknowledgeLastOnly: true);
            int start = 0;
            Exception? refused = null;
            foreach (VipLeaseRenewal renewal in _batch)
            {
                int failed = FirstFailure(errors, start, renewal.Count);
                if (failed < 0)
                {
                    renewal.RenewedAt = now;
                }
                else if (ReferenceEquals(renewal, due))
                {
                    refused = NetlinkException.ForChange("renewing the lease of a virtual address", errors[failed], texts[failed]);
                }

                start += renewal.Count;
            }

            return refused is null ? true : throw refused;
        }
    }

    private void Swap(VipLeaseRenewal? old, VipLeaseRenewal? next)
    {
        if (old is { Registered: true })
        {
            old.Registered = false;
            _renewals.Remove(old);
        }

        if (next is { Registered: false })
        {
            // Room for the largest batch now, so that a renewal never allocates.
            int capacity = MaxAddressesPerBatch + next.Count;
            if (_errors.Length < capacity)
            {
                _requests = new byte[capacity * AddressRequest.Length];
                _errors = new int[capacity];
                _texts = new string?[capacity];
            }

            next.Registered = true;
            _renewals.Add(next);
        }
    }

    private static bool IsWorthRenewingWith(VipLeaseRenewal other, TimeProvider clock, long now) =>
        ReferenceEquals(other.Clock, clock)
        && other.CheckedInAt >= other.RenewedAt
        && now - other.CheckedInAt <= other.Period / 4
        && now - other.RenewedAt >= other.Period / 2
        && now - other.RenewedAt < other.Lifetime;

    private static int FirstFailure(int[] errors, int start, int count)
    {
        for (int i = start; i < start + count; i++)
        {
            if (errors[i] != 0)
            {
                return i;
            }
        }

        return -1;
    }
}
