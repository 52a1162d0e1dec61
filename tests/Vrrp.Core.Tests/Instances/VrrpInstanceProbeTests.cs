using Vrrp.Instances;

namespace Vrrp.Tests.Instances;

/// <summary><see cref="VrrpInstance.ProbeLoopAsync"/>: what a watchdog asks before it says the daemon is alive.</summary>
public sealed class VrrpInstanceProbeTests
{
    [Fact]
    public async Task ProbeLoopAsync_RunningInstance_CompletesTrue()
    {
        InstanceFixture f = await InstanceFixture.StartedAsync();

        bool answered = await f.Instance.ProbeLoopAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        answered.Should().BeTrue();
    }

    [Fact]
    public async Task ProbeLoopAsync_NotStartedOrStopped_CompletesFalse()
    {
        var f = new InstanceFixture();
        (await f.Instance.ProbeLoopAsync(TestContext.Current.CancellationToken)).Should().BeFalse();

        await f.Instance.StartAsync(TestContext.Current.CancellationToken);
        await f.Instance.StopAsync(TestContext.Current.CancellationToken);

        (await f.Instance.ProbeLoopAsync(TestContext.Current.CancellationToken)).Should().BeFalse();
    }

    [Fact]
    public async Task ProbeLoopAsync_LoopStuckInABinderCall_NeverCompletesUntilTheCallReturns()
    {
        var f = new InstanceFixture(InstanceFixture.DefaultSettings() with { Priority = 255 });
        var binder = new HangingBinder();
        await using var instance = new VrrpInstance(f.Settings, f.Transport, binder, f.Clock);
        await instance.StartAsync(TestContext.Current.CancellationToken);
        binder.AddCalled.Should().BeTrue("the owner binds at once, and the call hangs");

        Task<bool> probe = instance.ProbeLoopAsync(TestContext.Current.CancellationToken);
        await Task.Delay(300, TestContext.Current.CancellationToken);
        probe.IsCompleted.Should().BeFalse("a hung loop must stop feeding the watchdog");

        using var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        Func<Task> waitWithTimeout = () => instance.ProbeLoopAsync(giveUp.Token);
        await waitWithTimeout.Should().ThrowAsync<OperationCanceledException>();

        binder.Release();
        (await probe.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken)).Should().BeTrue();
    }

    /// <summary>A binder whose AddAsync does not return until <see cref="Release"/>.</summary>
    private sealed class HangingBinder : IVipBinder
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool AddCalled { get; private set; }

        public void Release() => _released.TrySetResult();

        public ValueTask AddAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken)
        {
            AddCalled = true;
            return new ValueTask(_released.Task);
        }

        public ValueTask RemoveAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken) => default;

        public ValueTask AnnounceAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken) => default;
    }
}
