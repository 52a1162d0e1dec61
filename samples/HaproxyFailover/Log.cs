using Microsoft.Extensions.Logging;

namespace HaproxyFailover;

/// <summary>The sample's log lines.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 7001, Message = "HAProxy {Status}")]
    public static partial void HaproxyStatus(this ILogger logger, LogLevel level, Supervision.HaproxyStatus status);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "{Instance}: HAProxy cannot be kept running; leaving the election now (priority 0)")]
    public static partial void LeavingElection(this ILogger logger, string instance);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "{ConfigFile} changed and fails the check: {Problem}. HAProxy keeps running on the old one, but could not restart: if it exits, this node leaves the election at once")]
    public static partial void ConfigBroken(this ILogger logger, string configFile, string problem);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Information, Message = "{ConfigFile} changed and passes the check again")]
    public static partial void ConfigFixed(this ILogger logger, string configFile);
}
