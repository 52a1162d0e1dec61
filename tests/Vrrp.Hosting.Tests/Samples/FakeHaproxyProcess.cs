using HaproxyFailover.Supervision;

namespace Vrrp.Hosting.Tests.Samples;

/// <summary>An HAProxy process the test ends with <see cref="End"/>.</summary>
internal sealed class FakeHaproxyProcess(int id) : IHaproxyProcess
{
    private readonly TaskCompletionSource<string> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Id { get; } = id;

    public Task<string> Exited => _exited.Task;

    public bool Stopped { get; private set; }

    public bool Disposed { get; private set; }

    public void End(string how) => _exited.TrySetResult(how);

    public void Stop() => Stopped = true;

    public void Dispose() => Disposed = true;
}
