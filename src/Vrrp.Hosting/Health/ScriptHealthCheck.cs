using Microsoft.Extensions.Diagnostics.HealthChecks;
using Vrrp.Config;

namespace Vrrp.Hosting.Health;

/// <summary>
/// A keepalived <c>vrrp_script</c> as an <see cref="IHealthCheck"/>: runs the script (split into arguments and
/// executed directly, as keepalived 2.x does; no shell), healthy when it exits 0, unhealthy on any other exit code,
/// when it cannot start, or when it runs past its timeout (it is then killed with its children).
/// </summary>
public sealed class ScriptHealthCheck : IHealthCheck
{
    private readonly IReadOnlyList<string> _arguments;

    /// <summary>Creates the check.</summary>
    /// <param name="script">The command line, e.g. <c>/usr/bin/killall -0 haproxy</c>.</param>
    /// <param name="timeout">How long a run may take (keepalived's <c>timeout</c>, which defaults to the <c>interval</c>).</param>
    /// <exception cref="FormatException">The command line is empty or has an unterminated quote.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The timeout is not positive.</exception>
    public ScriptHealthCheck(string script, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        _arguments = KeepalivedCommandLine.Split(script);
        Script = script;
        Timeout = timeout;
    }

    /// <summary>Gets the command line as written.</summary>
    public string Script { get; }

    /// <summary>Gets how long a run may take before it is killed and counted as a failure.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Gets who the script runs as (<c>user</c>, <c>script_user</c>, <c>enable_script_security</c>); null: the daemon's user, unchecked.</summary>
    internal ScriptRunAs? RunAs { get; init; }

    /// <inheritdoc/>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ProcessRunResult result = await ScriptProcessRunner.RunAsync(_arguments, Timeout, cancellationToken, RunAs).ConfigureAwait(false);
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["script"] = Script,
            ["elapsedMs"] = result.Elapsed.TotalMilliseconds,
        };
        if (result.ExitCode is int exitCode)
        {
            data["exitCode"] = exitCode;
        }

        string description = $"{Script}: {result.Describe(Timeout)}";
        return result.Succeeded ? HealthCheckResult.Healthy(description, data) : HealthCheckResult.Unhealthy(description, data: data);
    }
}
