using Microsoft.Extensions.Time.Testing;

namespace Vrrp.Hosting.Tests.Samples;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that tells when a timer is created, so a test advances the clock only once the code
/// under test waits on it (advancing earlier would not move a delay that does not exist yet).
/// </summary>
internal sealed class TimerWatchingTimeProvider(FakeTimeProvider fake) : TimeProvider, IDisposable
{
    private readonly SemaphoreSlim _created = new(0);

    public override long TimestampFrequency => fake.TimestampFrequency;

    public override long GetTimestamp() => fake.GetTimestamp();

    public override DateTimeOffset GetUtcNow() => fake.GetUtcNow();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ITimer timer = fake.CreateTimer(callback, state, dueTime, period);
        _created.Release();
        return timer;
    }

    /// <summary>Waits (up to 5 s of real time) until the next timer is created.</summary>
    public async Task WaitForTimerAsync()
    {
        bool created = await _created.WaitAsync(TimeSpan.FromSeconds(5));
        created.Should().BeTrue("the supervisor should be waiting on the clock");
    }

    public void Dispose() => _created.Dispose();
}
