using System.ComponentModel;
using System.Diagnostics;
using Vrrp.Config;

namespace Vrrp.Hosting.Health;

/// <summary>
/// Runs a script (program plus arguments, no shell) and waits for it, killing it and its children when it runs past
/// its timeout or the caller cancels. The script inherits the host's standard output and error, so what it prints
/// lands in the daemon's log; nothing waits on its pipes, so a script that leaves a background child behind does not
/// hold the run open. With a <see cref="ScriptRunAs"/>, a daemon running as root starts the script as its user through
/// util-linux's <c>setpriv --reuid --regid --init-groups</c> (.NET cannot switch users between fork and exec; setpriv
/// does just that, without the PAM session runuser opens), and with <c>enable_script_security</c> refuses a script that
/// would run as root while users other than root can change it. A caller that keeps the output (the VIP command
/// binder) gets the last lines of standard output and error instead; that output is read only until the script exits
/// (and a moment after), so a background child holding the pipes does not hold the run open either.
/// </summary>
internal static class ScriptProcessRunner
{
    /// <summary>How long output is still read after the script exited (a background child may hold the pipes).</summary>
    private static readonly TimeSpan s_outputGrace = TimeSpan.FromMilliseconds(200);

    /// <summary>Runs a script.</summary>
    /// <param name="arguments">The program and its arguments.</param>
    /// <param name="timeout">How long it may run before it is killed with its children.</param>
    /// <param name="cancellationToken">Kills it and throws <see cref="OperationCanceledException"/>.</param>
    /// <param name="runAs">Who it runs as, or null for the daemon's user, unchecked.</param>
    /// <param name="environment">Variables added to the daemon's environment, or null.</param>
    /// <param name="captureOutput">Whether to keep the last lines of its output (<see cref="ProcessRunResult.Output"/>) instead of passing it to the daemon's.</param>
    /// <param name="timeProvider">The clock of the timeout and the elapsed time, or null for the system clock.</param>
    /// <returns>How the run ended.</returns>
    public static async Task<ProcessRunResult> RunAsync(
        IReadOnlyList<string> arguments,
        TimeSpan timeout,
        CancellationToken cancellationToken,
        ScriptRunAs? runAs = null,
        IReadOnlyDictionary<string, string>? environment = null,
        bool captureOutput = false,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        timeProvider ??= TimeProvider.System;
        if (runAs is not null && PrepareRunAs(arguments, runAs, Environment.IsPrivilegedProcess, out arguments) is { } refused)
        {
            return new ProcessRunResult(null, false, refused, TimeSpan.Zero);
        }

        var info = new ProcessStartInfo(arguments[0]) { UseShellExecute = false, RedirectStandardOutput = captureOutput, RedirectStandardError = captureOutput };
        for (int i = 1; i < arguments.Count; i++)
        {
            info.ArgumentList.Add(arguments[i]);
        }

        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        long started = timeProvider.GetTimestamp();

        // Armed before the start: the timeout counts from then, whatever delays the thread after Process.Start.
        using var timer = new CancellationTokenSource(timeout, timeProvider);
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("no process was started.");
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException)
        {
            return new ProcessRunResult(null, false, $"{arguments[0]}: {ex.Message}", timeProvider.GetElapsedTime(started));
        }

        using (process)
        {
            OutputTail? output = captureOutput ? new OutputTail(process) : null;
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
            try
            {
                await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
                return new ProcessRunResult(process.ExitCode, false, null, timeProvider.GetElapsedTime(started))
                {
                    Output = output is null ? null : await output.ReadAsync().ConfigureAwait(false),
                };
            }
            catch (OperationCanceledException)
            {
                Kill(process);
                cancellationToken.ThrowIfCancellationRequested();
                return new ProcessRunResult(null, true, null, timeProvider.GetElapsedTime(started))
                {
                    Output = output is null ? null : await output.ReadAsync().ConfigureAwait(false),
                };
            }
        }
    }

    /// <summary>Returns the command that runs <paramref name="arguments"/> as <paramref name="runAs"/> says, or why it may not run.</summary>
    internal static string? PrepareRunAs(IReadOnlyList<string> arguments, ScriptRunAs runAs, bool privileged, out IReadOnlyList<string> command)
    {
        command = arguments;
        // Switching users (setpriv, /etc/passwd) is Linux's; elsewhere a script runs as the host's own user.
        if (!OperatingSystem.IsLinux() || arguments.Count == 0)
        {
            return null;
        }

        string? user = runAs.EffectiveUser(name => PrimaryGroupOf(name) is not null);
        if (user is null)
        {
            return runAs.Security && privileged && ScriptPrograms.Check(arguments[0]) == ScriptProgramStatus.Insecure
                ? $"refused by enable_script_security: users other than root can change {arguments[0]} (or a directory above it) and it would run as root"
                : null;
        }

        if (!privileged)
        {
            // Only root can switch users: the script runs as the daemon's own user.
            return null;
        }

        if (PrimaryGroupOf(user) is not { } primaryGroup)
        {
            return $"script user {user} does not exist";
        }

        command = ["setpriv", "--reuid", user, "--regid", runAs.Group ?? primaryGroup, "--init-groups", "--", .. arguments];
        return null;
    }

    /// <summary>The primary group id of <paramref name="user"/> from /etc/passwd, or <see langword="null"/> when there is no such user.</summary>
    private static string? PrimaryGroupOf(string user)
    {
        try
        {
            foreach (string line in File.ReadLines("/etc/passwd"))
            {
                string[] fields = line.Split(':');
                if (fields.Length > 3 && fields[0] == user)
                {
                    return fields[3];
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return null;
    }

    /// <summary>The last lines of a script's standard output and error, read as they come.</summary>
    private sealed class OutputTail
    {
        private const int MaxLines = 20;
        private const int MaxLineLength = 512;
        private readonly Queue<string> _lines = new();
        private readonly Lock _lock = new();
        private readonly Task _reading;

        public OutputTail(Process process)
        {
            _reading = Task.WhenAll(ReadLinesAsync(process.StandardOutput), ReadLinesAsync(process.StandardError));
        }

        /// <summary>Returns the lines read, waiting a moment for the rest once the script exited; null when it printed nothing.</summary>
        public async Task<string?> ReadAsync()
        {
            await _reading.WaitAsync(s_outputGrace).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            lock (_lock)
            {
                return _lines.Count == 0 ? null : string.Join('\n', _lines);
            }
        }

        private async Task ReadLinesAsync(StreamReader reader)
        {
            try
            {
                while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
                {
                    lock (_lock)
                    {
                        _lines.Enqueue(line.Length > MaxLineLength ? line[..MaxLineLength] : line);
                        if (_lines.Count > MaxLines)
                        {
                            _lines.Dequeue();
                        }
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                // The process was disposed while a background child still held the pipe.
            }
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(1000);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception)
        {
            // It exited between the timeout and the kill.
        }
    }
}
