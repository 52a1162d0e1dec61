using System.Net;
using Vrrp.Instances;

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
        Task start = HoldLoopAndFillQueue(f, release);

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
        Task start = HoldLoopAndFillQueue(f, release);

        Task<bool> probe = f.Instance.ProbeLoopAsync(TestContext.Current.CancellationToken);
        await Task.Delay(100, TestContext.Current.CancellationToken);
        probe.IsCompleted.Should().BeFalse();
        release.Set();
        await start;

        (await probe.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken)).Should().BeTrue();
        await f.Instance.StopAsync(TestContext.Current.CancellationToken);
    }

    // Starts the instance on another thread, holds its loop in the Master StateChanged handler, and fills the queue
    // with lower-priority adverts (a master ignores them).
    private static Task HoldLoopAndFillQueue(InstanceFixture f, ManualResetEventSlim release)
    {
        using var loopBusy = new ManualResetEventSlim();
        int held = 0;
        f.Instance.StateChanged += (_, e) =>
        {
            if (e.To == VrrpState.Master && Interlocked.Exchange(ref held, 1) == 0)
            {
                loopBusy.Set();
                release.Wait(TestContext.Current.CancellationToken);
            }
        };
        Task start = Task.Run(() => f.Instance.StartAsync(TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
        loopBusy.Wait(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken).Should().BeTrue();

        byte[] lower = f.PeerAdvert(50, source: Flooder);
        for (int i = 0; i < VrrpInstance.QueueCapacity + 10; i++)
        {
            f.Deliver(lower, Flooder);
        }

        f.Instance.GetStatus().Counters.Drops.Should().ContainKey(VrrpDropReason.QueueFull);
        return start;
    }
}
