namespace Vrrp.Cli.Control;

/// <summary>
/// One line of <c>watch</c>: a state change (<c>"event":"state"</c>, every one, in order per instance) or dropped
/// messages (<c>"event":"drops"</c>: the count since the last such line for that instance and reason, at most once a
/// second, and the total).
/// </summary>
internal sealed record ControlEvent
{
    public const string StateEvent = "state";
    public const string DropsEvent = "drops";

    public required string Event { get; init; }

    public required string Instance { get; init; }

    public DateTimeOffset At { get; init; }

    /// <summary>Gets the change's number within its instance (state).</summary>
    public long? Sequence { get; init; }

    /// <summary>Gets the state left (state; snake_case as the status file).</summary>
    public string? From { get; init; }

    /// <summary>Gets the state entered (state).</summary>
    public string? To { get; init; }

    /// <summary>Gets why the state changed (state), or the drop reason as the status file's <c>drops</c> names it (drops).</summary>
    public string? Reason { get; init; }

    /// <summary>Gets the effective priority at the change (state).</summary>
    public int? Priority { get; init; }

    /// <summary>Gets the instance's explanation right after the change (state).</summary>
    public string? Explanation { get; init; }

    /// <summary>Gets the messages dropped for <see cref="Reason"/> since the last line (drops).</summary>
    public long? Count { get; init; }

    /// <summary>Gets the messages dropped for <see cref="Reason"/> since the instance started (drops).</summary>
    public long? Total { get; init; }
}
