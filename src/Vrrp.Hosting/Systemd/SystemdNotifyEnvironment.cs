using System.Globalization;

namespace Vrrp.Hosting.Systemd;

/// <summary>
/// What the service manager told the process through its environment, beyond <c>NOTIFY_SOCKET</c> (which
/// <c>SystemdNotifier</c> reads): the watchdog period. Registered from the process environment; tests register their own.
/// </summary>
/// <param name="WatchdogInterval">How often to send <c>WATCHDOG=1</c> (half of <c>WATCHDOG_USEC</c>), or null for no watchdog.</param>
internal sealed record SystemdNotifyEnvironment(TimeSpan? WatchdogInterval)
{
    /// <summary>Reads <c>WATCHDOG_USEC</c> and <c>WATCHDOG_PID</c> from the process environment.</summary>
    public static SystemdNotifyEnvironment FromProcess() =>
        Parse(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), Environment.GetEnvironmentVariable("WATCHDOG_PID"), Environment.ProcessId);

    /// <summary>
    /// Reads the watchdog settings as libsystemd's <c>sd_watchdog_enabled</c> does: <c>WATCHDOG_USEC</c> is the
    /// timeout in microseconds; a <c>WATCHDOG_PID</c> naming another process means the watchdog is not ours (it was
    /// inherited by a child). Pings go out at half the timeout, as sd_watchdog_enabled(3) recommends.
    /// </summary>
    public static SystemdNotifyEnvironment Parse(string? watchdogUsec, string? watchdogPid, int processId)
    {
        if (!ulong.TryParse(watchdogUsec, NumberStyles.None, CultureInfo.InvariantCulture, out ulong usec) || usec == 0)
        {
            return new SystemdNotifyEnvironment((TimeSpan?)null);
        }

        if (!string.IsNullOrEmpty(watchdogPid)
            && (!int.TryParse(watchdogPid, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || pid != processId))
        {
            return new SystemdNotifyEnvironment((TimeSpan?)null);
        }

        // Kept between 1 ms (the timer's resolution) and a day (a huge value must not overflow TimeSpan; a day between
        // pings is as good as none).
        ulong halfMicroseconds = Math.Clamp(usec / 2, 1000UL, (ulong)TimeSpan.FromDays(1).Ticks / 10);
        return new SystemdNotifyEnvironment(TimeSpan.FromMicroseconds(halfMicroseconds));
    }
}
