using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Vrrp.Hosting.Health;
using Vrrp.Hosting.Platform;
using Vrrp.Testing;
using Vrrp.Tracking;

namespace Vrrp.Hosting.Tests.Health;

public sealed class HealthCheckPollerTests : HostedTest
{
    [Fact]
    public async Task Start_RunsAtOnceThenEveryIntervalOnTheFakeClock()
    {
        var results = new List<(TimeSpan At, bool Healthy)>();
        DateTimeOffset origin = Scene.Clock.GetUtcNow();
        bool healthy = true;
        await using var poller = new HealthCheckPoller("chk", _ => Task.FromResult(healthy ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy()), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), Scene.Clock, h => results.Add((Scene.Clock.GetUtcNow() - origin, h)), NullLogger.Instance);

        poller.Start();
        Step(TimeSpan.FromSeconds(3));
        healthy = false;
        Step(TimeSpan.FromSeconds(2));

        results.Should().Equal((TimeSpan.Zero, true), (TimeSpan.FromSeconds(2), true), (TimeSpan.FromSeconds(4), false));
        poller.Runs.Should().Be(3);
    }

    [Fact]
    public async Task Run_CheckSlowerThanTimeout_CountsAsFailure()
    {
        var results = new List<bool>();
        var never = new TaskCompletionSource<HealthCheckResult>();
        await using var poller = new HealthCheckPoller("slow", _ => never.Task, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(500), Scene.Clock, results.Add, NullLogger.Instance);

        poller.Start();
        Scene.Clock.Advance(TimeSpan.FromMilliseconds(499));
        results.Should().BeEmpty();
        Scene.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await HostedTestWait.Until(() => results.Count == 1);

        results.Should().Equal(false);
    }

    [Fact]
    public async Task Reports_DriveRiseAndFallOfTheInstancesTrackedItem()
    {
        // rise 2 / fall 3, weight -30: the priority moves only after 3 failures in a row and back after 2 passes.
        var item = new VrrpTrackedItem { Name = "chk", Weight = -30, Rise = 2, Fall = 3 };
        var settings = new VrrpInstanceSettings
        {
            Name = "VI_1",
            VirtualRouterId = 1,
            Priority = 100,
            PrimaryAddress = System.Net.IPAddress.Parse("10.0.0.1"),
            VirtualAddresses = [VrrpVirtualAddress.Parse("10.0.0.100")],
            TrackedItems = [item],
        };
        await using var runner = new InProcessVrrpInstanceRunner(settings, new NullTransport(), new RecordingVipBinder(Scene.Clock), Scene.Clock);
        await runner.Instance!.StartAsync(TestContext.Current.CancellationToken);
        bool healthy = false;
        var priorities = new List<byte>();
        await using var poller = new HealthCheckPoller("chk", _ => Task.FromResult(healthy ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy()), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), Scene.Clock, h =>
        {
            runner.Instance.ReportTrackedItem("chk", h);
            priorities.Add(runner.Instance.GetStatus().EffectivePriority);
        }, NullLogger.Instance);

        poller.Start();
        Step(TimeSpan.FromSeconds(2));
        healthy = true;
        Step(TimeSpan.FromSeconds(2));

        priorities.Should().Equal(100, 100, 70, 70, 100);
    }

    // FakeTimeProvider re-arms a periodic timer from the time Advance jumped to, so step in 100 ms increments as a real clock would pass.
    private void Step(TimeSpan duration)
    {
        for (TimeSpan done = TimeSpan.Zero; done < duration; done += TimeSpan.FromMilliseconds(100))
        {
            Scene.Clock.Advance(TimeSpan.FromMilliseconds(100));
        }
    }

    private sealed class NullTransport : IVrrpTransport
    {
        public ValueTask SendAsync(VrrpInstanceSettings instance, ReadOnlyMemory<byte> message, VrrpAddress destination, System.Threading.CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
