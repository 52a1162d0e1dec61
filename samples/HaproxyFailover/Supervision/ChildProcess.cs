using System.Diagnostics;

namespace HaproxyFailover.Supervision;

/// <summary>An HAProxy this host started: its exit is known at once (the runtime reaps children on SIGCHLD).</summary>
internal sealed class ChildProcess : IHaproxyProcess
{
    private readonly Process _process;

    public ChildProcess(Process process)
    {
        _process = process;
        Id = process.Id;
        Exited = WaitAsync(process);
    }

    public int Id { get; }

    public Task<string> Exited { get; }

    public void Stop()
    {
        if (!Exited.IsCompleted && OperatingSystem.IsLinux())
        {
            _ = Interop.ProcessInterop.Signal(Id, Interop.ProcessInterop.SigTerm);
        }
    }

    public void Dispose() => _process.Dispose();

    private static async Task<string> WaitAsync(Process process)
    {
        await process.WaitForExitAsync().ConfigureAwait(false);
        int code = process.ExitCode;

        // The runtime reports a death by signal N as 128 + N, as a shell does.
        return code > 128 ? $"killed by signal {code - 128}" : $"exit code {code}";
    }
}
