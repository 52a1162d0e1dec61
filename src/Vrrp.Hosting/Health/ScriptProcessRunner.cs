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
/// would run as root while users other than root can change it.
/// </summary>
internal static class ScriptProcessRunner
{
    public static async Task<ProcessRunResult> RunAsync(IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken, ScriptRunAs? runAs = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (runAs is not null && PrepareRunAs(arguments, runAs, Environment.IsPrivilegedProcess, out arguments) is { } refused)
        {
            return new ProcessRunResult(null, false, refused, TimeSpan.Zero);
        }

        var info = new ProcessStartInfo(arguments[0]) { UseShellExecute = false };
        for (int i = 1; i < arguments.Count; i++)
        {
            info.ArgumentList.Add(arguments[i]);
        }

        long started = Stopwatch.GetTimestamp();
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("no process was started.");
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException)
        {
            return new ProcessRunResult(null, false, $"{arguments[0]}: {ex.Message}", Stopwatch.GetElapsedTime(started));
        }

        using (process)
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
                return new ProcessRunResult(process.ExitCode, false, null, Stopwatch.GetElapsedTime(started));
            }
            catch (OperationCanceledException)
            {
                Kill(process);
                cancellationToken.ThrowIfCancellationRequested();
                return new ProcessRunResult(null, true, null, Stopwatch.GetElapsedTime(started));
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
