namespace Vrrp.Cli.Control;

/// <summary>
/// One line of <c>watch</c>: a state change (<c>"event":"state"</c>, every one, in order per instance), dropped
/// messages (<c>"event":"drops"</c>: the count since the last such line for that instance and reason, at most once a
/// second, and the total), or a change of an instance's VIP commands (<c>"event":"binding"</c>: <c>to</c> is
/// <c>taking</c>, <c>requested</c>, <c>confirmed</c>, ..., with the attempt, the last error and output).
/// </summary>
/// <param name="Event"><see cref="StateEvent"/> or <see cref="DropsEvent"/>.</param>
/// <param name="Instance">The instance's name.</param>
/// <param name="At">When it happened (state) or was counted (drops).</param>
/// <param name="Sequence">State: the change's number within its instance.</param>
/// <param name="From">State: the state left (snake_case, as the status file).</param>
/// <param name="To">State: the state entered.</param>
/// <param name="Reason">State: why; drops: the reason as the status file's <c>drops</c> names it.</param>
/// <param name="Priority">State: the effective priority at the change.</param>
/// <param name="Explanation">State: the instance's explanation right after the change.</param>
/// <param name="Count">Drops: the messages dropped for <paramref name="Reason"/> since the last line.</param>
/// <param name="Total">Drops: the messages dropped for <paramref name="Reason"/> since the instance started.</param>
/// <param name="Attempts">Binding: how many times the command of the state has run.</param>
/// <param name="Error">Binding: the last failure, if the last command failed.</param>
/// <param name="Output">Binding: the last lines the last command printed.</param>
internal sealed record ControlEvent(
    string Event, string Instance, DateTimeOffset At, long? Sequence = null, string? From = null, string? To = null, string? Reason = null,
    int? Priority = null, string? Explanation = null, long? Count = null, long? Total = null, int? Attempts = null, string? Error = null, string? Output = null)
{
    public const string StateEvent = "state";
    public const string DropsEvent = "drops";
    public const string BindingEvent = "binding";
}
