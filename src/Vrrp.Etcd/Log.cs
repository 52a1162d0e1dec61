using Microsoft.Extensions.Logging;

namespace Vrrp.Etcd;

/// <summary>Source-generated log messages of Vrrp.Etcd (event ids 6600-6699).</summary>
internal static partial class Log
{
    [LoggerMessage(6600, LogLevel.Information, "etcd election {Election}: {Candidate} is {State} ({Reason})", EventName = "ElectionStateChanged")]
    public static partial void StateChanged(this ILogger logger, string election, string candidate, EtcdElectionState state, string reason);

    [LoggerMessage(6601, LogLevel.Warning, "etcd election {Election}: {Message}; retrying", EventName = "ElectionRetry")]
    public static partial void Retrying(this ILogger logger, Exception? exception, string election, string message);

    [LoggerMessage(6602, LogLevel.Debug, "etcd election {Election}: lease {LeaseId:x} granted, TTL {Ttl} s", EventName = "LeaseGranted")]
    public static partial void LeaseGranted(this ILogger logger, string election, long leaseId, long ttl);

    [LoggerMessage(6603, LogLevel.Error, "{Instance}: the VIP binder failed on becoming {State}", EventName = "VipBinderFailed")]
    public static partial void BinderFailed(this ILogger logger, Exception exception, string instance, EtcdElectionState state);

    [LoggerMessage(6650, LogLevel.Information, "etcd witness: mastership {Permitted} ({Why})", EventName = "WitnessChanged")]
    public static partial void WitnessChanged(this ILogger logger, bool permitted, string why);

    [LoggerMessage(6651, LogLevel.Warning, "etcd witness: the lease could not be renewed ({Reason}) but etcd itself is down (no raft leader): the master stays", EventName = "WitnessHolding")]
    public static partial void WitnessHolding(this ILogger logger, string reason);

    [LoggerMessage(6604, LogLevel.Warning, "{Instance}: not binding the virtual addresses: only {LeftMs:0} ms of the etcd lease are provably left", EventName = "VipAddFenced")]
    public static partial void FencedAdd(this ILogger logger, string instance, double leftMs);

    [LoggerMessage(6605, LogLevel.Information, "{Instance}: {Action} in etcd election {Election} (effective priority {Priority}, minimum {Minimum}, state {State})", EventName = "EtcdEligibility")]
    public static partial void EligibilityChanged(this ILogger logger, string instance, string action, string election, int priority, int minimum, string state);

    [LoggerMessage(6652, LogLevel.Warning, "etcd witness: probing etcd failed; the next round retries", EventName = "WitnessProbeFailed")]
    public static partial void ProbeFailed(this ILogger logger, Exception exception);
}
