using Microsoft.Extensions.Logging;

namespace Vrrp.Linux;

/// <summary>Log messages of the VIP lease (event ids 5080-5089).</summary>
internal static partial class Log
{
    [LoggerMessage(5080, LogLevel.Information, "VRRP instance {Instance}: virtual addresses are leased for {Seconds} s, renewed by the master's adverts every {RenewSeconds} s", EventName = "VipLeaseEnabled")]
    public static partial void VipLeaseEnabled(this ILogger logger, string instance, uint seconds, double renewSeconds);

    [LoggerMessage(5081, LogLevel.Warning, "VRRP instance {Instance} renewed its VIP lease {Seconds} s after the last renewal (the lease is {LeaseSeconds} s): the kernel may have dropped the addresses; bound and announced again", EventName = "VipLeaseLapsed")]
    public static partial void VipLeaseLapsed(this ILogger logger, string instance, double seconds, uint leaseSeconds);
}
