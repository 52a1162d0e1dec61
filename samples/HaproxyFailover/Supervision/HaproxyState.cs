namespace HaproxyFailover.Supervision;

/// <summary>What the supervisor is doing with HAProxy.</summary>
internal enum HaproxyState
{
    /// <summary>Starting it for the first time.</summary>
    Starting,

    /// <summary>It runs and its frontend answered (or it was adopted).</summary>
    Running,

    /// <summary>It ended and is being started again, within the crash budget.</summary>
    Restarting,

    /// <summary>It could not be kept running: the node gives up the VIP and retries every <see cref="HaproxyOptions.RetryInterval"/>.</summary>
    GaveUp,
}
