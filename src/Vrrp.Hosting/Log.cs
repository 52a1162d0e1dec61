using Microsoft.Extensions.Logging;

namespace Vrrp.Hosting;

/// <summary>Source-generated log messages of Vrrp.Hosting (event ids 6000-6099).</summary>
internal static partial class Log
{
    [LoggerMessage(6001, LogLevel.Information, "{Instance}: {From} -> {To} reason={Reason} priority={Priority}: {Explanation}", EventName = "StateChanged")]
    public static partial void StateChanged(this ILogger logger, string instance, string from, string to, string reason, byte priority, string explanation);

    [LoggerMessage(6002, LogLevel.Information, "{Instance}: starting on {Interface}, VRID {Vrid}, priority {Priority}, VRRPv{Version}, {Mode}, VIPs {Vips}", EventName = "InstanceStarting")]
    public static partial void InstanceStarting(this ILogger logger, string instance, string? @interface, byte vrid, byte priority, int version, string mode, string vips);

    [LoggerMessage(6003, LogLevel.Warning, "{Message}", EventName = "ConfigurationWarning")]
    public static partial void ConfigurationWarning(this ILogger logger, string message);

    [LoggerMessage(6004, LogLevel.Error, "VRRP stopped: {Message}", EventName = "HostFailed")]
    public static partial void HostFailed(this ILogger logger, Exception exception, string message);

    [LoggerMessage(6005, LogLevel.Information, "All VRRP instances stopped", EventName = "Stopped")]
    public static partial void Stopped(this ILogger logger);

    [LoggerMessage(6010, LogLevel.Information, "{Instance}: notify #{Sequence} {State}: {Command} -> {Outcome} in {ElapsedMs:0} ms", EventName = "NotifyRan")]
    public static partial void NotifyRan(this ILogger logger, string instance, long sequence, string state, string command, string outcome, double elapsedMs);

    [LoggerMessage(6011, LogLevel.Warning, "{Instance}: notify #{Sequence} {State}: {Command} -> {Outcome}", EventName = "NotifyFailed")]
    public static partial void NotifyFailed(this ILogger logger, string instance, long sequence, string state, string command, string outcome);

    [LoggerMessage(6012, LogLevel.Warning, "Notify scripts still queued after {Seconds} s at shutdown; not waiting for them", EventName = "NotifyDrainTimedOut")]
    public static partial void NotifyDrainTimedOut(this ILogger logger, double seconds);

    [LoggerMessage(6020, LogLevel.Information, "Tracked check {Check} is now {Status}: {Description}", EventName = "CheckChanged")]
    public static partial void CheckChanged(this ILogger logger, string check, string status, string? description);

    [LoggerMessage(6030, LogLevel.Information, "{What} from {Source}", EventName = "Reloading")]
    public static partial void Reloading(this ILogger logger, string what, string source);

    [LoggerMessage(EventId = 6031, Message = "Reload: {Target} {Name}: {Kind}{Details}", EventName = "ReloadAction")]
    public static partial void ReloadAction(this ILogger logger, LogLevel level, string target, string name, string kind, string details);

    [LoggerMessage(6032, LogLevel.Information, "Reloaded: {Kept} kept, {Updated} updated, {Restarted} restarted, {Added} added, {Removed} removed, {Errors} error(s)", EventName = "Reloaded")]
    public static partial void Reloaded(this ILogger logger, int kept, int updated, int restarted, int added, int removed, int errors);

    [LoggerMessage(6033, LogLevel.Error, "Reload refused, nothing changed: {Error}", EventName = "ReloadRefused")]
    public static partial void ReloadRefused(this ILogger logger, string error);

    [LoggerMessage(6034, LogLevel.Error, "Reload failed: {Message}", EventName = "ReloadFailed")]
    public static partial void ReloadFailed(this ILogger logger, Exception exception, string message);

    [LoggerMessage(6035, LogLevel.Information, "{Instance}: maintenance {OnOff}", EventName = "MaintenanceChanged")]
    public static partial void MaintenanceChanged(this ILogger logger, string instance, string onOff);
}
