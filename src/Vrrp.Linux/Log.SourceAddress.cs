using Microsoft.Extensions.Logging;

namespace Vrrp.Linux;

/// <summary>Log messages of source address tracking (event ids 5070-5079).</summary>
internal static partial class Log
{
    [LoggerMessage(5070, LogLevel.Information, "VRRP instance {Instance} now sends from {Address} on {Interface}", EventName = "SourceAddressChanged")]
    public static partial void SourceAddressChanged(this ILogger logger, string instance, string address, string @interface);

    [LoggerMessage(5071, LogLevel.Warning, "VRRP instance {Instance}: {Interface} has no usable source address ({Reason}); in fault until one returns", EventName = "SourceAddressLost")]
    public static partial void SourceAddressLost(this ILogger logger, string instance, string @interface, string reason);
}
