using Vrrp.Hosting.Binding;

namespace Vrrp.Cli.Status;

/// <summary>Where an instance's VIP commands stand, in the status file (<c>"binding"</c>); absent without VIP commands.</summary>
internal sealed record BindingStatusSnapshot
{
    /// <summary>Gets the state: <c>idle</c>, <c>taking</c>, <c>requested</c>, <c>confirmed</c>, <c>releasing</c>, <c>released</c> or <c>failed</c>.</summary>
    public required string State { get; init; }

    /// <summary>Gets how many times the command of the current state has run.</summary>
    public int Attempts { get; init; }

    public DateTimeOffset Since { get; init; }

    public string? LastError { get; init; }

    /// <summary>Gets the last lines the last command printed.</summary>
    public string? LastOutput { get; init; }

    public static BindingStatusSnapshot? From(VrrpBindingStatus? status) => status is null ? null : new BindingStatusSnapshot
    {
        State = System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(status.State.ToString()),
        Attempts = status.Attempts,
        Since = status.Since,
        LastError = status.LastError,
        LastOutput = status.LastOutput,
    };
}
