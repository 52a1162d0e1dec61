using Microsoft.Extensions.Logging;
using Vrrp.Platform;

namespace Vrrp.Etcd.Hosting;

/// <summary>
/// The platform of a host that uses etcd: in <see cref="EtcdMode.Alone"/> each instance is an
/// <see cref="EtcdInstanceRunner"/> with the binder <c>createBinder</c> makes; in <see cref="EtcdMode.Witness"/> each is
/// the inner (LAN) platform's runner behind an <see cref="EtcdWitness"/> (<see cref="WitnessInstanceRunner"/>). The
/// inner platform (if any) still reports tracked interfaces and applies the scheduling settings.
/// </summary>
internal sealed class EtcdVrrpPlatform(
    VrrpEtcdOptions options,
    IVrrpPlatform? inner,
    Func<VrrpInstanceSettings, VrrpAnnouncementSettings, IVipBinder> createBinder,
    EtcdLeadership leadership,
    ILoggerFactory loggers,
    TimeProvider time) : IVrrpPlatform
{
    public IVrrpInstanceRunner CreateRunner(VrrpInstanceSettings settings, VrrpAnnouncementSettings announcement, ILogger logger) =>
        CreateRunner(settings, announcement, static local => local, logger);

    public IVrrpInstanceRunner CreateRunner(VrrpInstanceSettings settings, VrrpAnnouncementSettings announcement, Func<IVipBinder, IVipBinder> binder, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(announcement);
        EtcdElectionOptions election = options.ToElectionOptions(settings.Name);
        VrrpAnnouncementSettings fenced = announcement with { VipLeaseDuration = announcement.UseVipLease ? VipLease(settings.Name, election, announcement.VipLeaseDuration) : null };
        if (options.Mode == EtcdMode.Witness)
        {
            // VRRP on the LAN (the inner platform's runner and binder), etcd as the witness that gates mastership.
            IVrrpPlatform lan = inner ?? throw new InvalidOperationException("etcd witness mode runs VRRP on the LAN: register the LAN platform (UsePlatform) before UseEtcd");
            return new WitnessInstanceRunner(lan, settings, fenced, binder, election, options.WhenUnreachable, loggers, time, logger);
        }

        return new EtcdInstanceRunner(settings, election, () => binder(createBinder(settings, fenced)), fenced.VipLeaseDuration, options.MinimumPriority, leadership, loggers, logger, time);
    }

    public void ApplyScheduling(VrrpSchedulingSettings scheduling, ILogger logger) => inner?.ApplyScheduling(scheduling, logger);

    public Task WatchInterfacesAsync(IReadOnlyCollection<string> interfaceNames, Action<string, bool> report, CancellationToken cancellationToken)
    {
        if (inner is not null)
        {
            return inner.WatchInterfacesAsync(interfaceNames, report, cancellationToken);
        }

        foreach (string name in interfaceNames)
        {
            report(name, true);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// The kernel VIP lease of an etcd-elected instance, whole seconds: the longest L with L + the kernel's lateness
    /// (<see cref="FencedVipBinder.KernelLateness"/>) no more than the etcd lease a healthy leader always has left (TTL −
    /// keep-alive interval − half the safety margin for the keep-alive's round trip), so that every add and renewal
    /// is allowed by <see cref="FencedVipBinder"/> and a frozen leader's addresses expire before etcd can elect another
    /// (docs/etcd.md). A shorter requested lease is kept.
    /// </summary>
    /// <exception cref="ArgumentException">The TTL is too short for any VIP lease (under 4 s with the default timing).</exception>
    internal static TimeSpan VipLease(string instanceName, EtcdElectionOptions election, TimeSpan? requested)
    {
        TimeSpan room = election.LeaseTtl - election.EffectiveKeepAliveInterval - (election.EffectiveSafetyMargin / 2) - FencedVipBinder.KernelLateness;
        double seconds = Math.Floor(room.TotalSeconds);
        if (seconds < 1)
        {
            throw new ArgumentException(
                $"vrrp_instance {instanceName}: a VIP lease needs an etcd lease TTL of at least 4 s (got {election.LeaseTtl.TotalSeconds} s): the kernel lifetime (whole seconds, up to {FencedVipBinder.KernelLateness.TotalSeconds} s late) must end before the etcd lease can; raise the TTL or turn the VIP lease off (--vip-lease off)");
        }

        TimeSpan lease = TimeSpan.FromSeconds(seconds);
        return requested is { } asked && asked < lease ? TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(asked.TotalSeconds))) : lease;
    }
}
