using Vrrp.Linux.Netlink;

namespace Vrrp.Linux.Addresses;

/// <summary>
/// The lease renewals of every <see cref="LinuxVipBinder"/> of a network namespace, sent on its one rtnetlink socket
/// (<see cref="SharedNetlinkSocket"/>). When one instance's renewal is due, the renewals of the other instances that
/// are at least half way to theirs and whose owner called lately go in the same datagram, and only the last request
/// asks for an acknowledgement: a 1,000-instance master renews its thousand leases in a few system calls a second
/// instead of 1,500 round trips (docs/scale.md). A renewal whose owner stopped calling is never renewed by another's:
/// a hung instance still loses its VIPs, at most a quarter of a renewal period later than alone.
/// </summary>
internal sealed class VipLeaseRenewals
{
    /// <summary>
    /// The most addresses renewed together (besides the due renewal's own): the kernel handles them in the sending
    /// thread, a few microseconds each, and that thread is the timer thread.
    /// </summary>
    internal const int MaxAddressesPerBatch = 64;

    private readonly NetlinkSocket _socket;
    private readonly Lock _lock = new();
    private readonly List<VipLeaseRenewal> _renewals = [];
    private readonly List<VipLeaseRenewal> _batch = [];
    private byte[] _requests = new byte[MaxAddressesPerBatch * AddressRequest.Length];
    private int[] _errors = new int[MaxAddressesPerBatch];
    private string?[] _texts = new string?[MaxAddressesPerBatch];

    /// <summary>Creates the renewals of the namespace whose socket is <paramref name="socket"/>.</summary>
    public VipLeaseRenewals(NetlinkSocket socket) => _socket = socket;

    /// <summary>Gets the number of renewals held (for tests).</summary>
    internal int Count
    {
        get
        {
            lock (_lock)
            {
                return _renewals.Count;
            }
        }
    }

    /// <summary>
    /// Replaces <paramref name="old"/> (when not null) by <paramref name="next"/> (when not null). Once it returns, no
    /// request of <paramref name="old"/> is being sent or will be: its addresses can be removed without a renewal
    /// (NLM_F_CREATE) binding them again.
    /// </summary>
    public void Replace(VipLeaseRenewal? old, VipLeaseRenewal? next)
    {
        lock (_lock)
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
                _batch.EnsureCapacity(_renewals.Count);
            }
        }
    }

    /// <summary>
    /// Renews <paramref name="due"/> at <paramref name="now"/> and, in the same datagram, the renewals that are at
    /// least half a period old, share its clock and whose owner called within a quarter of a period and after their
    /// last renewal. A renewal the kernel refuses keeps its schedule, so its owner finds it due and sees the error.
    /// </summary>
    /// <returns><see langword="false"/> when <paramref name="due"/> is no longer held (its addresses are being removed): nothing was sent.</returns>
    /// <exception cref="NetlinkException">The kernel refused to renew an address of <paramref name="due"/>.</exception>
    public bool Renew(VipLeaseRenewal due, long now)
    {
        lock (_lock)
        {
            if (!due.Registered)
            {
                return false;
            }

            _batch.Clear();
            _batch.Add(due);
            int addresses = due.Count;
            foreach (VipLeaseRenewal other in _renewals)
            {
                if (addresses >= due.Count + MaxAddressesPerBatch)
                {
                    break;
                }

                if (!ReferenceEquals(other, due) && IsWorthRenewingWith(other, due.Clock, now) && addresses + other.Count <= due.Count + MaxAddressesPerBatch)
                {
                    _batch.Add(other);
                    addresses += other.Count;
                }
            }

            if (addresses == 0)
            {
                due.RenewedAt = now;
                return true;
            }

            int length = 0;
            foreach (VipLeaseRenewal renewal in _batch)
            {
                renewal.Requests.CopyTo(_requests.AsSpan(length));
                length += renewal.Requests.Length;
            }

            _socket.TransactBatch(_requests.AsSpan(0, length), _errors.AsSpan(0, addresses), _texts.AsSpan(0, addresses), acknowledgeLastOnly: true);
            int start = 0;
            Exception? refused = null;
            foreach (VipLeaseRenewal renewal in _batch)
            {
                int failed = FirstFailure(start, renewal.Count);
                if (failed < 0)
                {
                    renewal.RenewedAt = now;
                }
                else if (ReferenceEquals(renewal, due))
                {
                    refused = NetlinkException.ForChange("renewing the lease of a virtual address", _errors[failed], _texts[failed]);
                }

                start += renewal.Count;
            }

            return refused is null ? true : throw refused;
        }
    }

    private static bool IsWorthRenewingWith(VipLeaseRenewal other, TimeProvider clock, long now) =>
        ReferenceEquals(other.Clock, clock)
        && other.CheckedInAt >= other.RenewedAt
        && now - other.CheckedInAt <= other.Period / 4
        && now - other.RenewedAt >= other.Period / 2;

    private int FirstFailure(int start, int count)
    {
        for (int i = start; i < start + count; i++)
        {
            if (_errors[i] != 0)
            {
                return i;
            }
        }

        return -1;
    }
}
