using Vrrp.Linux.Netlink;

namespace Vrrp.Linux.Addresses;

/// <summary>
/// A prebuilt lease renewal of one instance's addresses (<see cref="NetlinkAddresses.CreateRenewal"/>): one
/// RTM_NEWADDR with NLM_F_REPLACE and the lifetime per address, so that a renewal on the advert path allocates
/// nothing, and the schedule that <see cref="VipLeaseRenewals"/> follows to send it, alone or with others.
/// </summary>
internal sealed class VipLeaseRenewal
{
    private readonly byte[] _requests;
    private readonly int _length;

    /// <summary>Writes the requests of <paramref name="addresses"/>, each on the interface of the same position in <paramref name="indexes"/>.</summary>
    /// <remarks>Arrays, not a list of tuples: this runs on the takeover path, where a first-time generic instantiation costs a JIT.</remarks>
    public VipLeaseRenewal(VrrpVirtualAddress[] addresses, int[] indexes, LinuxAddressScope scope, uint lifetimeSeconds, TimeProvider clock)
    {
        Addresses = addresses;
        Clock = clock;
        Period = ToTimestamp(LinuxVipLease.RenewalPeriod(TimeSpan.FromSeconds(lifetimeSeconds)), clock);
        Lifetime = ToTimestamp(TimeSpan.FromSeconds(lifetimeSeconds), clock);
        _requests = new byte[addresses.Length * AddressRequest.Length];
        for (int i = 0; i < addresses.Length; i++)
        {
            NetlinkMessageWriter request = AddressRequest.Write(_requests.AsSpan(_length, AddressRequest.Length), Interop.RTM_NEWADDR, Interop.NLM_F_CREATE | Interop.NLM_F_REPLACE, addresses[i], indexes[i], AddressRequest.ScopeOf(addresses[i], scope), lifetimeSeconds);
            _length += request.Finish(0).Length;
        }
    }

    /// <summary>Gets the addresses renewed.</summary>
    public IReadOnlyList<VrrpVirtualAddress> Addresses { get; }

    /// <summary>Gets the number of requests (one per address).</summary>
    public int Count => Addresses.Count;

    /// <summary>Gets the requests, back to back, each with NLM_F_ACK.</summary>
    public ReadOnlySpan<byte> Requests => _requests.AsSpan(0, _length);

    /// <summary>Gets the clock of <see cref="RenewedAt"/>, <see cref="CheckedInAt"/> and <see cref="Period"/>.</summary>
    public TimeProvider Clock { get; }

    /// <summary>Gets the renewal period (<see cref="LinuxVipLease.RenewalPeriod"/>) in <see cref="Clock"/>'s timestamp units.</summary>
    public long Period { get; }

    /// <summary>Gets the lease (the kernel lifetime) in <see cref="Clock"/>'s timestamp units.</summary>
    public long Lifetime { get; }

    /// <summary>Gets or sets the <see cref="Clock"/> timestamp of the last renewal (or of the add).</summary>
    public long RenewedAt { get; set; }

    /// <summary>
    /// Gets or sets the <see cref="Clock"/> timestamp of the owner's last call (an advert of its master), or
    /// <see cref="long.MinValue"/> before the first: only a renewal whose owner called since its last renewal, and
    /// lately, is renewed with another's (a hung instance stops renewing).
    /// </summary>
    public long CheckedInAt { get; set; } = long.MinValue;

    /// <summary>Gets or sets whether <see cref="VipLeaseRenewals"/> holds it (set and read under its lock).</summary>
    public bool Registered { get; set; }

    private static long ToTimestamp(TimeSpan span, TimeProvider clock) =>
        (long)(span.Ticks * (double)clock.TimestampFrequency / TimeSpan.TicksPerSecond);
}
