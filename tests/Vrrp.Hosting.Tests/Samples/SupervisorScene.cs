using System.Threading.Channels;
using HaproxyFailover;
using HaproxyFailover.Supervision;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Vrrp.Hosting.Tests.Samples;

/// <summary>A <see cref="HaproxySupervisor"/> over a fake launcher, probe and clock, with its status changes in order.</summary>
internal sealed class SupervisorScene : IAsyncDisposable
{
    private readonly Channel<HaproxyStatus> _changes = Channel.CreateUnbounded<HaproxyStatus>();
    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;

    public SupervisorScene(Action<HaproxyOptions>? configure = null, FakeHaproxyConfigCheck? configCheck = null)
    {
        configure?.Invoke(Options);
        Clock = new TimerWatchingTimeProvider(Time);
        Supervisor = new HaproxySupervisor(Launcher, Probe, Options, Clock, NullLogger<HaproxySupervisor>.Instance, configCheck);
        Supervisor.StatusChanged += (_, status) => _changes.Writer.TryWrite(status);
    }

    public HaproxyOptions Options { get; } = new() { MaxCrashes = 3, CrashWindow = TimeSpan.FromSeconds(60), RetryInterval = TimeSpan.FromSeconds(2), StartTimeout = TimeSpan.FromSeconds(3) };

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));

    public TimerWatchingTimeProvider Clock { get; }

    public FakeHaproxyLauncher Launcher { get; } = new();

    public FakeHaproxyProbe Probe { get; } = new();

    public HaproxySupervisor Supervisor { get; }

    public void Start() => _running = Task.Run(() => Supervisor.RunAsync(_stop.Token));

    /// <summary>The next status change (waits up to 5 s of real time: the supervisor runs on the thread pool).</summary>
    public async Task<HaproxyStatus> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        return await _changes.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>Asserts that no status change comes within <paramref name="wait"/> of real time.</summary>
    public async Task ExpectNoChangeAsync(TimeSpan wait)
    {
        await Task.Delay(wait);
        _changes.Reader.TryRead(out HaproxyStatus? change).Should().BeFalse($"nothing should change, but: {change}");
    }

    /// <summary>Advances the fake clock once the supervisor waits on it (a delay created after an advance would not see it).</summary>
    public async Task AdvanceWhenWaitingAsync(TimeSpan by)
    {
        await Clock.WaitForTimerAsync();
        Time.Advance(by);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        Clock.Dispose();
    }
}
