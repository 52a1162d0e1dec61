namespace HaproxyFailover.Supervision;

/// <summary>The supervisor's state, why, and the process it watches.</summary>
/// <param name="State">What the supervisor is doing.</param>
/// <param name="Description">Why, in words (shown in the log and in the health check).</param>
/// <param name="ProcessId">The HAProxy process, when one runs.</param>
internal sealed record HaproxyStatus(HaproxyState State, string Description, int? ProcessId)
{
    public override string ToString() => ProcessId is { } pid ? $"{State} (pid {pid}): {Description}" : $"{State}: {Description}";
}
