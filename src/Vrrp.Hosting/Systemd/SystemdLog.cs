using Microsoft.Extensions.Logging;

namespace Vrrp.Hosting.Systemd;

/// <summary>Source-generated log messages of the systemd notifier (event ids 6080-6089 of Vrrp.Hosting's range).</summary>
internal static partial class SystemdLog
{
    [LoggerMessage(6080, LogLevel.Information, "systemd notify on: READY=1 once every instance has started; watchdog {Watchdog}", EventName = "SystemdNotifyOn")]
    public static partial void SystemdNotifyOn(this ILogger logger, string watchdog);

    [LoggerMessage(6081, LogLevel.Warning, "systemd notify: could not send {Message}: {Error}", EventName = "SystemdNotifyFailed")]
    public static partial void SystemdNotifyFailed(this ILogger logger, string message, string error);

    [LoggerMessage(6082, LogLevel.Warning, "systemd watchdog: not pinging, the input loop of {Instance} has not answered", EventName = "SystemdWatchdogWithheld")]
    public static partial void SystemdWatchdogWithheld(this ILogger logger, string instance);

    [LoggerMessage(6083, LogLevel.Information, "systemd watchdog: pinging again, every instance's input loop answers", EventName = "SystemdWatchdogResumed")]
    public static partial void SystemdWatchdogResumed(this ILogger logger);
}
