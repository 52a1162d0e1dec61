using System;
using Microsoft.Extensions.Logging;

namespace Vrrp.Linux;

/// <summary>Log messages of the VMAC (<c>use_vmac</c>) support (event ids 5060-5069).</summary>
internal static partial class Log
{
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
}
