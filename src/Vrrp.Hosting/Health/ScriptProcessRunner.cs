using System.ComponentModel;
using System.Diagnostics;

namespace Vrrp.Hosting.Health;

/// <summary>
/// Runs a script (program plus arguments, no shell) and waits for it, killing it and its children when it runs past
/// its timeout or the caller cancels. The script inherits the host's standard output and error, so what it prints
/// lands in the daemon's log; nothing waits on its pipes, so a script that leaves a background child behind does not
/// hold the run open.
/// </summary>
internal static class ScriptProcessRunner
{
    public static async Task<ProcessRunResult> RunAsync(IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
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
