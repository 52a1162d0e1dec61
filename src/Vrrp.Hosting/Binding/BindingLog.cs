using Microsoft.Extensions.Logging;

namespace Vrrp.Hosting.Binding;

/// <summary>Source-generated log messages of the VIP command binder (event ids 6090-6099).</summary>
internal static partial class BindingLog
{
    [LoggerMessage(6090, LogLevel.Information, "{Instance}: VIP command {Action} attempt {Attempt} succeeded in {ElapsedMs:0} ms: {Command}", EventName = "VipCommandSucceeded")]
    public static partial void VipCommandSucceeded(this ILogger logger, string instance, string action, int attempt, double elapsedMs, string command);

    [LoggerMessage(6091, LogLevel.Warning, "{Instance}: VIP command {Action} attempt {Attempt} failed ({Outcome}); retrying in {DelaySeconds} s: {Command}{Output}", EventName = "VipCommandRetrying")]
    public static partial void VipCommandRetrying(this ILogger logger, string instance, string action, int attempt, string outcome, double delaySeconds, string command, string output);

    [LoggerMessage(6092, LogLevel.Error, "{Instance}: VIP command {Action} failed on all {Attempts} attempts ({Outcome}): {Command}{Output}", EventName = "VipCommandFailed")]
    public static partial void VipCommandFailed(this ILogger logger, string instance, string action, int attempts, string outcome, string command, string output);

    [LoggerMessage(6093, LogLevel.Information, "{Instance}: VIP binding {From} -> {To}", EventName = "VipBindingChanged")]
    public static partial void VipBindingChanged(this ILogger logger, string instance, VrrpBindingState from, VrrpBindingState to);

    [LoggerMessage(6094, LogLevel.Information, "{Instance}: VIP command {Action} cancelled by a newer request ({Newer})", EventName = "VipCommandSuperseded")]
    public static partial void VipCommandSuperseded(this ILogger logger, string instance, string action, string newer);

    [LoggerMessage(6095, LogLevel.Warning, "{Instance}: VIP commands still running after {Seconds} s at stop; not waiting for them", EventName = "VipCommandDrainTimedOut")]
    public static partial void VipCommandDrainTimedOut(this ILogger logger, string instance, double seconds);
}
