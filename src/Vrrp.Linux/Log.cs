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

    // VMAC (use_vmac), 5060-5069.
    [LoggerMessage(5060, LogLevel.Information, "Created VMAC interface {Device} ({Mac}) on {Parent}", EventName = "VirtualMacCreated")]
    public static partial void VirtualMacCreated(this ILogger logger, string device, string mac, string parent);

    [LoggerMessage(5061, LogLevel.Information, "Deleted VMAC interface {Device}", EventName = "VirtualMacDeleted")]
    public static partial void VirtualMacDeleted(this ILogger logger, string device);

    [LoggerMessage(5062, LogLevel.Warning, "Deleted stale VMAC interface {Device}, left by a previous run that did not stop cleanly", EventName = "StaleVirtualMacDeleted")]
    public static partial void StaleVirtualMacDeleted(this ILogger logger, string device);

    [LoggerMessage(5063, LogLevel.Warning, "Could not set sysctl {Path} to {Value}: {Reason}", EventName = "SysctlFailed")]
    public static partial void SysctlFailed(this ILogger logger, string path, string value, string reason);

    [LoggerMessage(5064, LogLevel.Warning, "Could not delete VMAC interface {Device} on shutdown", EventName = "VirtualMacDeleteFailed")]
    public static partial void VirtualMacDeleteFailed(this ILogger logger, Exception exception, string device);

    // Source address tracking, 5070-5079.
    [LoggerMessage(5070, LogLevel.Information, "VRRP instance {Instance} now sends from {Address} on {Interface}", EventName = "SourceAddressChanged")]
    public static partial void SourceAddressChanged(this ILogger logger, string instance, string address, string @interface);

    [LoggerMessage(5071, LogLevel.Warning, "VRRP instance {Instance}: {Interface} has no usable source address ({Reason}); in fault until one returns", EventName = "SourceAddressLost")]
    public static partial void SourceAddressLost(this ILogger logger, string instance, string @interface, string reason);

    // VIP lease, 5080-5089.
    [LoggerMessage(5080, LogLevel.Information, "VRRP instance {Instance}: virtual addresses are leased for {Seconds} s, renewed by the master's adverts every {RenewSeconds} s", EventName = "VipLeaseEnabled")]
    public static partial void VipLeaseEnabled(this ILogger logger, string instance, uint seconds, double renewSeconds);

    [LoggerMessage(5081, LogLevel.Warning, "VRRP instance {Instance} renewed its VIP lease {Seconds} s after the last renewal (the lease is {LeaseSeconds} s): the kernel may have dropped the addresses; bound and announced again", EventName = "VipLeaseLapsed")]
    public static partial void VipLeaseLapsed(this ILogger logger, string instance, double seconds, uint leaseSeconds);

    [LoggerMessage(5040, LogLevel.Warning, "vrrp_rt_priority {Priority}: could not give thread {Thread} SCHED_RR ({Error}; it needs CAP_SYS_NICE or an RLIMIT_RTPRIO of at least the priority); running at normal priority", EventName = "RealtimePriorityFailed")]
    public static partial void RealtimePriorityFailed(this ILogger logger, int priority, string thread, string error);

    [LoggerMessage(5041, LogLevel.Warning, "vrrp_rlimit_rttime {Microseconds}: could not set RLIMIT_RTTIME ({Error}); realtime threads run without the limit", EventName = "RealtimeLimitFailed")]
    public static partial void RealtimeLimitFailed(this ILogger logger, long microseconds, string error);

    [LoggerMessage(5042, LogLevel.Warning, "vrrp_no_swap: could not lock memory with mlockall ({Error}; it needs CAP_IPC_LOCK or a large enough RLIMIT_MEMLOCK); memory may be swapped", EventName = "MemoryLockFailed")]
    public static partial void MemoryLockFailed(this ILogger logger, string error);

    [LoggerMessage(5043, LogLevel.Warning, "A realtime VRRP thread ran {Microseconds} µs without blocking (vrrp_rlimit_rttime): the timer and receive threads run at normal priority for {Seconds} s each time this happens (logged once)", EventName = "RealtimeOverrun")]
    public static partial void RealtimeOverrun(this ILogger logger, long microseconds, double seconds);
}
