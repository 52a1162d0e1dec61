using HaproxyFailover.Supervision;

namespace Vrrp.Hosting.Tests.Samples;

/// <summary>A configuration file whose stamp and <c>haproxy -c</c> verdict the test sets; <see cref="WaitCheckedAsync"/> waits for a check.</summary>
internal sealed class FakeHaproxyConfigCheck : IHaproxyConfigCheck, IDisposable
{
    private readonly SemaphoreSlim _checked = new(0);
    private volatile string? _stamp = "1";
    private volatile string? _problem;
    private int _checks;

    public int Checks => Volatile.Read(ref _checks);

    public void Change(string stamp, string? problem)
    {
        _problem = problem;
        _stamp = stamp;
    }

    public string? Stamp() => _stamp;

    public Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        string? problem = _problem;
        Interlocked.Increment(ref _checks);
        _checked.Release();
        return Task.FromResult(problem);
    }

    /// <summary>Waits (up to 5 s of real time) for the next check to have run.</summary>
    public async Task WaitCheckedAsync() => (await _checked.WaitAsync(TimeSpan.FromSeconds(5))).Should().BeTrue("the changed file should be checked");

    public void Dispose() => _checked.Dispose();
}
