using Vrrp.Instances;
using Vrrp.TestSupport.Time;

namespace Vrrp.Tests.Instances;

/// <summary>Timer firings are never lost: not to a full input queue, not to a race between firing and re-arming.</summary>
public sealed class VrrpInstanceTimerTests
{
    private static readonly TimeSpan MasterDown100 = TimeSpan.FromTicks(36_093_750);
    private static readonly IPAddress Flooder = IPAddress.Parse("10.0.0.3");

    [Fact]
    public async Task MasterDownTimer_FiresWhileTheQueueIsFullOfAdverts_BackupStillBecomesMaster()
    {
        var f = new InstanceFixture();
        using var release = new ManualResetEventSlim();

        // Valid lower-priority adverts from a third host: a backup with preemption ignores them, so only the
        // Master_Down timer can make it master.
        Task start = f.HoldLoopAndFillQueue(VrrpState.Backup, release, Flooder);
        f.Clock.Advance(MasterDown100 + TimeSpan.FromMilliseconds(1));
        release.Set();
        await start;

        f.Instance.State.Should().Be(VrrpState.Master);
        f.Instance.GetStatus().Reason.Should().Be(VrrpTransitionReason.MasterDownTimerExpired);
    }

    /// <summary>
    /// Master_Down_Timer counts from the advert's arrival (its <see cref="VrrpReceivedAdvertisement.Age"/>, the
    /// kernel's receive timestamp), not from when the instance was handed it: a backup whose receive thread woke late
    /// must not take over that much later. 1 s adverts, priority 100: Master_Down_Interval 3.609375 s.
    /// </summary>
    [Fact]
    public async Task MasterDownTimer_AdvertHandedOver300MsAfterItArrived_CountsFromTheArrival()
    {
        InstanceFixture f = await InstanceFixture.StartedAsync();
        byte[] message = f.PeerAdvert(200);
        VrrpReceivedAdvertisement.TryDecode(message, 0, message.Length, InstanceFixture.Context(InstanceFixture.PeerAddress), out VrrpReceivedAdvertisement received, out _).Should().BeTrue();
        TimeSpan age = TimeSpan.FromMilliseconds(300);
        f.Clock.Advance(TimeSpan.FromSeconds(1));

        f.Instance.Receive(received with { Age = age }, message).Should().BeTrue();
        f.Clock.Advance(MasterDown100 - age - TimeSpan.FromMilliseconds(1));
        VrrpState before = f.Instance.State;
        f.Clock.Advance(TimeSpan.FromMilliseconds(2));

        before.Should().Be(VrrpState.Backup);
        f.Instance.State.Should().Be(VrrpState.Master);
    }

    [Fact]
    public async Task Timers_RandomArmCancelAndFireFromManyThreads_NoDeadlineIsEverLost()
    {
        for (int seed = 1; seed <= 40; seed++)
        {
            await RunStressAsync(seed);
        }
    }

    // Threads: this one moves the clock and fires the timer (sometimes a stale firing after a Change); one floods
    // adverts (lower priority: ignored; higher: re-arm later; priority 0: re-arm earlier); one flaps the link (cancel,
    // re-arm). A slow StateChanged handler lets the queue fill. Afterwards, with the peer gone, the instance must take
    // over and keep advertising.
    private static async Task RunStressAsync(int seed)
    {
        var clock = new ManualTimeProvider();
        VrrpInstanceSettings settings = InstanceFixture.DefaultSettings() with { AdvertInterval = TimeSpan.FromMilliseconds(100) };
        var transport = new CapturingTransport { Capture = false };
        await using var instance = new VrrpInstance(settings, transport, new RecordingVipBinder(clock), clock);
        var f = new InstanceFixture(settings);
        byte[] lower = f.PeerAdvert(50, 10, source: Flooder);
        byte[] higher = f.PeerAdvert(200, 10);
        byte[] stopping = f.PeerAdvert(0, 10);
        instance.StateChanged += (_, _) => Thread.Sleep(1);
        await instance.StartAsync(TestContext.Current.CancellationToken);
        using var stop = new CancellationTokenSource();
        Thread flood = StartThread(() =>
        {
            var random = new Random(seed * 7919);
            while (!stop.IsCancellationRequested)
            {
                int roll = random.Next(1000);
                byte[] advert = roll < 5 ? stopping : roll < 60 ? higher : lower;
                instance.ReceiveAdvertisement(advert, InstanceFixture.Context(advert == lower ? Flooder : InstanceFixture.PeerAddress));
            }
        });
        Thread link = StartThread(() =>
        {
            var random = new Random(seed * 104_729);
            bool up = true;
            while (!stop.IsCancellationRequested)
            {
                Thread.SpinWait(random.Next(20_000));
                if (random.Next(4) == 0)
                {
                    up = !up;
                    instance.SetLinkState(up);
                }
            }
        });

        var steps = new Random(seed);
        for (int i = 0; i < 400; i++)
        {
            clock.Move(TimeSpan.FromTicks(steps.Next(300_000)));
            clock.FireDue();
            if (steps.Next(10) == 0)
            {
                clock.FireStale();
            }

            Thread.SpinWait(steps.Next(2_000));
        }

        await stop.CancelAsync();
        flood.Join();
        link.Join();
        // The loop may still be draining inputs, possibly on a pool thread (a channel completing a waiter that is
        // still registering queues the continuation); the link-up goes in as soon as there is room.
        SpinWait.SpinUntil(() => instance.SetLinkState(true), TimeSpan.FromSeconds(10)).Should().BeTrue($"seed {seed}: the loop drains its queue");

        // The peer is gone: with the clock moving and due timers firing, the Master_Down timer must take the instance
        // to master and the Adver timer must keep it sending. A lost deadline leaves it waiting forever.
        bool master = SpinWait.SpinUntil(
            () =>
            {
                clock.Move(TimeSpan.FromMilliseconds(50));
                clock.FireDue();
                return instance.State == VrrpState.Master;
            },
            TimeSpan.FromSeconds(10));
        master.Should().BeTrue($"seed {seed}: {instance.Explain()}; ITimer due {clock.SingleTimerDue}, now {clock.GetTimestamp()}");
        int sent = transport.Count;
        bool sending = SpinWait.SpinUntil(
            () =>
            {
                clock.Move(TimeSpan.FromMilliseconds(50));
                clock.FireDue();
                return transport.Count >= sent + 3;
            },
            TimeSpan.FromSeconds(10));
        sending.Should().BeTrue($"seed {seed}: the master keeps advertising ({instance.Explain()})");
    }

    private static Thread StartThread(Action body)
    {
        var thread = new Thread(() => body()) { IsBackground = true };
        thread.Start();
        return thread;
    }
}
