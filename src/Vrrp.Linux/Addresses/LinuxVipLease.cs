namespace Vrrp.Linux.Addresses;

/// <summary>
/// The VIP lease: virtual addresses bound with a kernel lifetime (<c>valid_lft</c> = <c>preferred_lft</c>) that the
/// master renews from its advert path, so a master that stops (SIGKILL, SIGSTOP, a hung process) loses its VIPs by
/// itself soon after a backup took over. None of keepalived, FRR or kube-vip has this. See docs/failover.md.
/// </summary>
public static class LinuxVipLease
{
    /// <summary>The shortest lease: the kernel counts lifetimes in whole seconds and checks them on a coarse timer.</summary>
    public static readonly TimeSpan MinimumDuration = TimeSpan.FromSeconds(2);

    /// <summary>The longest pause between two renewals, whatever the lease.</summary>
    public static readonly TimeSpan MaximumRenewalPeriod = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The default lease for an advert interval: max(2 s, ⌈5 × advert + 1 s⌉) in whole seconds. A backup takes over
    /// at most Master_Down_Interval = 3 × advert + Skew_Time ≤ 4 × advert after the master's last advert, and the
    /// last renewal is at most <see cref="RenewalPeriod"/> (≤ 1 s) plus one advert older than that advert: so the
    /// lease of a master that still sends adverts never runs out, and a stopped master loses its VIPs at most a
    /// second or so (plus the kernel's lateness, plus a quarter of <see cref="RenewalPeriod"/> when another instance's
    /// renewal carried its last one) after the backup took over.
    /// </summary>
    /// <param name="advertInterval">The instance's advert interval.</param>
    /// <returns>The lease, whole seconds.</returns>
    public static TimeSpan DefaultDuration(TimeSpan advertInterval)
    {
        long milliseconds = (5 * (long)Math.Ceiling(advertInterval.TotalMilliseconds)) + 1000;
        long seconds = (milliseconds + 999) / 1000;
        return TimeSpan.FromSeconds(Math.Max((long)MinimumDuration.TotalSeconds, seconds));
    }

    /// <summary>How long after a renewal the next advert renews again: a third of the lease, at most one second.</summary>
    /// <param name="lease">The lease.</param>
    /// <returns>The renewal period.</returns>
    public static TimeSpan RenewalPeriod(TimeSpan lease) => TimeSpan.FromTicks(Math.Min(lease.Ticks / 3, MaximumRenewalPeriod.Ticks));

    /// <summary>The lifetime the kernel gets: <paramref name="lease"/> rounded up to whole seconds.</summary>
    internal static uint ToSeconds(TimeSpan lease) => (uint)Math.Ceiling(lease.TotalSeconds);
}
