
namespace Vrrp.Tests.Instances;

/// <summary>The input queue: order of inputs posted from handlers, and what a full queue still lets through.</summary>
public sealed class VrrpInstanceQueueTests
{
    private static readonly IPAddress Flooder = IPAddress.Parse("10.0.0.3");

    [Fact]
    public async Task PostFromAStateChangedHandler_RunsAfterTheCurrentInput_BeforeStartAsyncReturns()
    {
        var f = new InstanceFixture(InstanceFixture.DefaultSettings() with { Priority = 255 });
        var seen = new List<VrrpState>();
        f.Instance.StateChanged += (_, e) =>
        {
            seen.Add(e.To);
            if (e.To == VrrpState.Master)
            {
                f.Instance.SetLinkState(false).Should().BeTrue();
            }
        };

        await f.Instance.StartAsync(TestContext.Current.CancellationToken);

        seen.Should().Equal(VrrpState.Master, VrrpState.Fault);
        f.Instance.State.Should().Be(VrrpState.Fault);
        f.Binder.IsBound("VI_1").Should().BeFalse();
    }

    [Fact]
    public async Task StopAsync_WhileTheQueueIsFull_StillSendsPriorityZeroAndReleasesAddresses()
    {
        var f = new InstanceFixture(InstanceFixture.DefaultSettings() with { Priority = 255 });
        using var release = new ManualResetEventSlim();
        Task start = f.HoldLoopAndFillQueue(VrrpState.Master, release, Flooder);

        Task stop = f.Instance.StopAsync(TestContext.Current.CancellationToken);
        stop.IsCompleted.Should().BeFalse("the loop is still busy with the queued adverts");
        release.Set();
        await start;
        await stop.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        f.Instance.State.Should().Be(VrrpState.Stopped);
        f.Transport.LastPriority.Should().Be(0);
        f.Binder.IsBound("VI_1").Should().BeFalse();
        f.Instance.Completion.IsCompletedSuccessfully.Should().BeTrue();
    }

    [Fact]
    public async Task ProbeLoopAsync_WhileTheQueueIsFull_AnswersOnceTheLoopMakesRoom()
    {
        var f = new InstanceFixture(InstanceFixture.DefaultSettings() with { Priority = 255 });
        using var release = new ManualResetEventSlim();
        Task start = f.HoldLoopAndFillQueue(VrrpState.Master, release, Flooder);

        Task<bool> probe = f.Instance.ProbeLoopAsync(TestContext.Current.CancellationToken);
        await Task.Delay(100, TestContext.Current.CancellationToken);
        probe.IsCompleted.Should().BeFalse();
        release.Set();
        await start;

        (await probe.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken)).Should().BeTrue();
        await f.Instance.StopAsync(TestContext.Current.CancellationToken);
    }
}
