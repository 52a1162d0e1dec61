using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Vrrp.Hosting.Systemd;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Runs the VRRP host as a systemd <c>Type=notify</c> service.</summary>
public static class VrrpSystemdBuilderExtensions
{
    /// <summary>
    /// Tells systemd what the VRRP host does, whenever <c>NOTIFY_SOCKET</c> is set (otherwise this does nothing, so it
    /// is safe to call everywhere): <c>READY=1</c> once every instance has started (not merely the host: an instance
    /// waiting for its missing interface holds it back); <c>RELOADING=1</c> with <c>MONOTONIC_USEC</c> when a reload
    /// starts and <c>READY=1</c> when it ends, applied or refused; <c>STOPPING=1</c> on stop; <c>WATCHDOG=1</c> every
    /// half <c>WatchdogSec</c> (<c>WATCHDOG_USEC</c>, honouring <c>WATCHDOG_PID</c>) but only while every instance's input
    /// loop answers, so a hung loop lets systemd restart the daemon; and <c>STATUS=</c>, one line such as
    /// <c>2 instances: 1 master, 1 backup; last reload 10:02:03 ok</c>, updated on state changes and reloads.
    /// </summary>
    /// <remarks>
    /// Messages go through the registered <see cref="ISystemdNotifier"/> (Microsoft.Extensions.Hosting.Systemd's
    /// <see cref="SystemdNotifier"/> unless one is registered). Unlike its <c>UseSystemd()</c>, which sends <c>READY=1</c>
    /// as soon as the host has started and only when systemd is the parent process, readiness here waits for the
    /// instances; an application that also calls <c>UseSystemd()</c> (for its journald log format) tells systemd it is
    /// ready that much earlier.
    /// </remarks>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    /// <example>
    /// <code>
    /// builder.Services.AddVrrp().AddKeepalivedConfig("/etc/keepalived/keepalived.conf").UsePlatform(new LinuxVrrpPlatform()).UseSystemdNotify();
    /// </code>
    /// </example>
    public static IVrrpBuilder UseSystemdNotify(this IVrrpBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<ISystemdNotifier, SystemdNotifier>();
        builder.Services.TryAddSingleton(_ => SystemdNotifyEnvironment.FromProcess());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SystemdNotifyService>());
        return builder;
    }
}
