using Vrrp.Hosting.Control;

namespace Vrrp.Cli.Status;

/// <summary>The last reload in the status file: when, whether it applied, the errors that refused it, and its plan.</summary>
internal sealed record ReloadStatusSnapshot
{
    public DateTimeOffset At { get; init; }

    public bool Succeeded { get; init; }

    /// <summary>Gets the errors (<c>file:line:col: ...</c>); the running configuration was left unchanged.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>Gets what the reload did, one line per instance or sync group it changed (kept ones are left out).</summary>
    public IReadOnlyList<string> Actions { get; init; } = [];

    public static ReloadStatusSnapshot? From(VrrpReloadResult? result) => result is null ? null : new ReloadStatusSnapshot
    {
        At = result.At,
        Succeeded = result.Succeeded,
        Errors = result.Errors,
        Actions = [.. result.Actions.Where(a => a.Kind != VrrpReloadActionKind.Keep).Select(a => $"{a.Target} {a.Name}: {a.Kind}{(a.Details.Count == 0 ? string.Empty : ": " + string.Join("; ", a.Details))}")],
    };
}
