using System;
using Microsoft.Extensions.Logging;

namespace Vrrp.Linux;

/// <summary>Source-generated log messages of Vrrp.Linux (event ids 5000-5099).</summary>
internal static partial class Log
{
    [LoggerMessage(5001, LogLevel.Information, "Added virtual address {Address} to {Device}", EventName = "VipAdded")]
    public static partial void VipAdded(this ILogger logger, string address, string device);

    [LoggerMessage(5002, LogLevel.Information, "Removed virtual address {Address} from {Device}", EventName = "VipRemoved")]
    public static partial void VipRemoved(this ILogger logger, string address, string device);

    [LoggerMessage(5003, LogLevel.Warning, "Removed stale virtual address {Address} from {Device}, left by a previous run that did not stop cleanly", EventName = "StaleVipRemoved")]
    public static partial void StaleVipRemoved(this ILogger logger, string address, string device);

    [LoggerMessage(5004, LogLevel.Warning, "Could not remove virtual address {Address} from {Device} on shutdown", EventName = "VipRemoveFailed")]
    public static partial void VipRemoveFailed(this ILogger logger, Exception exception, string address, string device);

    [LoggerMessage(5010, LogLevel.Warning, "Sending announcements for {Device} failed", EventName = "AnnounceFailed")]
    public static partial void AnnounceFailed(this ILogger logger, Exception exception, string device);

    [LoggerMessage(5020, LogLevel.Warning, "rtnetlink event queue overflowed; re-reading the interface list", EventName = "LinkMonitorOverflow")]
    public static partial void LinkMonitorOverflow(this ILogger logger);

    [LoggerMessage(5030, LogLevel.Information, "Waiting for interface {Interface} to appear", EventName = "WaitingForInterface")]
    public static partial void WaitingForInterface(this ILogger logger, string @interface);

    [LoggerMessage(5031, LogLevel.Information, "Interface {Interface} re-created (index {Index}); VRRP sockets re-opened", EventName = "InterfaceRecreated")]
    public static partial void InterfaceRecreated(this ILogger logger, string @interface, int index);

    [LoggerMessage(5032, LogLevel.Warning, "Cannot open the VRRP sockets on {Interface} yet: {Reason}", EventName = "TransportNotReady")]
    public static partial void TransportNotReady(this ILogger logger, string @interface, string reason);

    [LoggerMessage(5033, LogLevel.Warning, "VRRP instance {Instance} did not stop within {Seconds} s", EventName = "StopTimedOut")]
    public static partial void StopTimedOut(this ILogger logger, string instance, double seconds);

    [LoggerMessage(5034, LogLevel.Information, "VRRP instance {Instance} joining on {Interface}", EventName = "Joining")]
    public static partial void Joining(this ILogger logger, string instance, string @interface);

    [LoggerMessage(5040, LogLevel.Warning, "VRRP instance {Instance} dropped {Count} advertisement(s) in the last {Seconds} s: {Reason}", EventName = "AdvertisementsDropped")]
    public static partial void AdvertisementsDropped(this ILogger logger, string instance, long count, string reason, double seconds);

    [LoggerMessage(5041, LogLevel.Warning, "VRRP instance {Instance}: advertisements from {Source} list other virtual addresses than ours; used as keepalived 2.3.3 does unless drop_adv_addr_mismatch is set ({Count} mismatching so far, logged once per source)", EventName = "AddressListMismatch")]
    public static partial void AddressListMismatch(this ILogger logger, string instance, string source, long count);
}
