using Microsoft.Extensions.Logging;

namespace HaproxyFailover;

/// <summary>The sample's log lines.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 7001, Message = "HAProxy {Status}")]
    public static partial void HaproxyStatus(this ILogger logger, LogLevel level, Supervision.HaproxyStatus status);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "{Instance}: HAProxy cannot be kept running; leaving the election now (priority 0)")]
    public static partial void LeavingElection(this ILogger logger, string instance);
}
