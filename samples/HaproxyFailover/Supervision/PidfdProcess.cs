using System.Runtime.Versioning;
using HaproxyFailover.Interop;

namespace HaproxyFailover.Supervision;

/// <summary>
/// A process this host did not start (adopted from a pid file), watched through a pidfd: the descriptor refers to that
/// one process (no pid reuse), and it becomes readable the moment the process ends, before any parent reaps it, so a
/// zombie counts as ended. A <c>ps -C haproxy</c> or <c>kill -0</c> check sees zombies and other namespaces' processes.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class PidfdProcess : IHaproxyProcess
{
    private readonly int _pidfd;
    private readonly TaskCompletionSource<string> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _disposed;

    private PidfdProcess(int pid, int pidfd)
    {
        Id = pid;
        _pidfd = pidfd;
        var watcher = new Thread(Watch) { IsBackground = true, Name = $"pidfd {pid}" };
        watcher.Start();
    }

    public int Id { get; }

    public Task<string> Exited => _exited.Task;

    /// <summary>Opens a pidfd for <paramref name="pid"/>; null when there is no such process.</summary>
    public static PidfdProcess? TryOpen(int pid)
    {
        int fd = ProcessInterop.PidfdOpen(pid, out int errno);
        return fd >= 0 ? new PidfdProcess(pid, fd)
            : errno == 3 ? null // ESRCH
            : throw new IOException($"pidfd_open({pid}) failed: errno {errno}");
    }

    public void Stop()
    {
        if (!_exited.Task.IsCompleted)
        {
            _ = ProcessInterop.Signal(Id, ProcessInterop.SigTerm);
        }
    }

    public void Dispose() => _disposed = true;

    private void Watch()
    {
        try
        {
            // A blocking wait on its own thread, woken now and then only to notice Dispose.
            while (!_disposed)
            {
                if (ProcessInterop.WaitReadable(_pidfd, 250))
                {
                    _exited.TrySetResult("ended; not our child, so its exit status is its parent's");
                    return;
                }
            }
        }
        catch (IOException ex)
        {
            _exited.TrySetResult($"cannot be watched: {ex.Message}");
        }
        finally
        {
            ProcessInterop.Close(_pidfd);
        }
    }
}
