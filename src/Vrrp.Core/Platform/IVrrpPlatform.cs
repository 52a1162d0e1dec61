using Microsoft.Extensions.Logging;

namespace Vrrp.Platform;

/// <summary>
/// What the host needs from the operating system: a runner per instance (transport, binder, link state of the
/// instance's interface) and the state of tracked interfaces. Vrrp.Hosting does not depend on any platform; the
/// <c>vrrp</c> command plugs in Linux (<c>Vrrp.Linux.LinuxVrrpPlatform</c>), an embedder can plug in its own (a cloud API binder), and tests plug in an
/// in-memory LAN. Register one with <c>IVrrpBuilder.UsePlatform</c>.
/// </summary>
public interface IVrrpPlatform
{
    /// <summary>Creates the runner of one instance; nothing is opened until <see cref="IVrrpInstanceRunner.RunAsync"/>.</summary>
    /// <param name="settings">
    /// The instance's settings. A <see cref="VrrpInstanceSettings.PrimaryAddress"/> of <see cref="System.Net.IPAddress.Any"/>
    /// or <see cref="System.Net.IPAddress.IPv6Any"/> means "the interface's own address", which the platform resolves.
    /// </param>
    /// <param name="announcement">The gratuitous ARP / NA schedule.</param>
    /// <param name="logger">The logger for the platform's messages.</param>
    /// <returns>The runner.</returns>
    /// <exception cref="ArgumentException">
    /// The platform cannot apply these settings (e.g. a label the OS rejects); the message lists the problems, one per
    /// line. Vrrp.Hosting reports them as configuration errors before any instance starts.
    /// </exception>
    IVrrpInstanceRunner CreateRunner(VrrpInstanceSettings settings, VrrpAnnouncementSettings announcement, ILogger logger);

    /// <summary>
    /// Creates the runner of one instance whose virtual address binder is replaced: the platform opens its own binder
    /// as usual and hands it to <paramref name="binder"/>, and the instance uses what that returns (a binder that runs
    /// commands to move the address through a cloud API, and may or may not also bind it through the platform's).
    /// The transport and the link handling stay the platform's. The default throws <see cref="NotSupportedException"/>.
    /// </summary>
    /// <param name="settings">The instance's settings, as for <see cref="CreateRunner(VrrpInstanceSettings, VrrpAnnouncementSettings, ILogger)"/>.</param>
    /// <param name="announcement">The gratuitous ARP / NA schedule of the platform's binder.</param>
    /// <param name="binder">Given the platform's binder, returns the binder the instance uses; called once per run.</param>
    /// <param name="logger">The logger for the platform's messages.</param>
    /// <returns>The runner.</returns>
    /// <exception cref="NotSupportedException">The platform cannot replace its binder.</exception>
    /// <exception cref="ArgumentException">The platform cannot apply these settings.</exception>
    IVrrpInstanceRunner CreateRunner(VrrpInstanceSettings settings, VrrpAnnouncementSettings announcement, Func<IVipBinder, IVipBinder> binder, ILogger logger) =>
        throw new NotSupportedException($"{GetType().Name} cannot replace its virtual address binder (VIP commands need a platform that can).");

    /// <summary>
    /// Applies the scheduling settings of the configuration (realtime priority of the time-keeping threads, memory
    /// locking) once, before the first instance runs. A platform that cannot apply them logs why and runs on, as
    /// keepalived does; the default does nothing.
    /// </summary>
    /// <param name="scheduling">The settings.</param>
    /// <param name="logger">Where failures are logged, each once, as warnings.</param>
    void ApplyScheduling(VrrpSchedulingSettings scheduling, ILogger logger)
    {
    }

    /// <summary>
    /// Reports the state of tracked interfaces (keepalived's <c>track_interface</c>): the current state of each at once,
    /// then every change, until <paramref name="cancellationToken"/> is cancelled. Up means administratively up and running.
    /// </summary>
    /// <param name="interfaceNames">The interfaces, by name.</param>
    /// <param name="report">Called with an interface name and whether it is up.</param>
    /// <param name="cancellationToken">Cancel to stop watching.</param>
    /// <returns>A task that completes when watching stops.</returns>
    Task WatchInterfacesAsync(IReadOnlyCollection<string> interfaceNames, Action<string, bool> report, CancellationToken cancellationToken);
}
