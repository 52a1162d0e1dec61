namespace Vrrp.Hosting.Health;

/// <summary>How one script run ended.</summary>
/// <param name="ExitCode">The exit code, or null when the script did not start or was killed on timeout.</param>
/// <param name="TimedOut">Whether the script ran past its timeout and was killed.</param>
/// <param name="StartError">Why the script could not start, or null.</param>
/// <param name="Elapsed">How long the run took.</param>
internal sealed record ProcessRunResult(int? ExitCode, bool TimedOut, string? StartError, TimeSpan Elapsed)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Gets the last lines the script printed (standard output and error), when the caller kept them; null otherwise or when it printed nothing.</summary>
    public string? Output { get; init; }

    /// <summary>Describes the outcome in a few words, e.g. <c>exit code 1</c> or <c>timed out after 2 s and was killed</c>.</summary>
    public string Describe(TimeSpan timeout) =>
        StartError is not null ? $"could not start: {StartError}"
        : TimedOut ? $"timed out after {timeout.TotalSeconds:0.###} s and was killed"
        : $"exit code {ExitCode}";
}
