using Microsoft.Extensions.Logging;

namespace Vrrp.Etcd.Hosting;

/// <summary>
/// The binder an etcd-elected instance uses: it binds (and renews a kernel VIP lease) only while the election's lease is
/// provably alive for long enough, whatever the instance believes, and tells the election when the addresses are gone.
/// With a VIP lease of <c>L</c>, an add or a renewal happens only while at least <c>L</c> plus the kernel's lateness of the etcd lease is left, so
/// the kernel drops the addresses before etcd can elect another candidate even if this process freezes right after
/// (docs/etcd.md, "Fencing arithmetic").
/// </summary>
internal sealed class FencedVipBinder(IVipBinder inner, EtcdElection election, TimeSpan? vipLease, ILogger logger) : IVipBinder, IVipLeaseBinder
{
    /// <summary>
    /// How late the kernel may remove an address whose lifetime ran out: it checks lifetimes on a timer rounded up to
    /// whole seconds (measured 20-340 ms late, docs/failover.md); a second covers the rounding.
    /// </summary>
    public static readonly TimeSpan KernelLateness = TimeSpan.FromSeconds(1);

    private readonly IVipLeaseBinder? _lease = inner as IVipLeaseBinder;
    private int _bound;

    /// <summary>Gets the binder that really moves the addresses.</summary>
    public IVipBinder Inner => inner;

    /// <summary>Gets whether the addresses are bound (an add started and no remove completed since).</summary>
    public bool IsBound => Volatile.Read(ref _bound) != 0;

    public async ValueTask AddAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken)
    {
        if (!MayHold())
        {
            logger.FencedAdd(instance.Name, election.LeaseRemaining.TotalMilliseconds);
            return;
        }

        Volatile.Write(ref _bound, 1);
        await inner.AddAsync(instance, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask RemoveAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken)
    {
        await inner.RemoveAsync(instance, cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _bound, 0);
    }

    public ValueTask AnnounceAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken) =>
        IsBound ? inner.AnnounceAsync(instance, cancellationToken) : ValueTask.CompletedTask;

    public ValueTask ReannounceAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken) =>
        IsBound ? inner.ReannounceAsync(instance, cancellationToken) : ValueTask.CompletedTask;

    public void RenewLease(VrrpInstanceSettings instance)
    {
        if (_lease is not null && IsBound && MayHold())
        {
            _lease.RenewLease(instance);
        }
    }

    /// <summary>Whether binding now (for the VIP lease, if any) ends before the etcd lease can expire on the server.</summary>
    private bool MayHold()
    {
        TimeSpan left = election.LeaseRemaining;
        return vipLease is { } lease ? left >= lease + KernelLateness : left > election.Options.EffectiveSafetyMargin;
    }
}
