using System;
using System.Linq;
using System.Net;
using FluentAssertions;
using Vrrp.Packets;
using Vrrp.Testing;
using Vrrp.Tracking;
using Xunit;

namespace Vrrp.StateMachine.Tests.Simulation;

public sealed class SimulatedLanTests
{
    internal static VrrpInstanceSettings Settings(string primary, byte priority, TimeSpan? interval = null, string vip = "10.0.0.100") => new()
    {
        Name = "VI_1",
        VirtualRouterId = 51,
        Priority = priority,
        AdvertInterval = interval ?? TimeSpan.FromSeconds(1),
        PrimaryAddress = IPAddress.Parse(primary),
        VirtualAddresses = [VrrpVirtualAddress.Parse(vip)],
        TrackedItems = [new VrrpTrackedItem { Name = "chk", Weight = -60 }],
    };

    [Fact]
    public void RunFor_TwoNodes_HigherPriorityBecomesTheOnlyMasterAndHoldsTheAddress()
    {
        var lan = new SimulatedLan(seed: 1);
        SimulatedNode a = lan.AddNode(Settings("10.0.0.1", 150));
        SimulatedNode b = lan.AddNode(Settings("10.0.0.2", 100));
        lan.StartAll();

        lan.RunFor(TimeSpan.FromSeconds(10));

        lan.Masters.Should().Equal(a);
        a.HoldsVirtualAddresses.Should().BeTrue();
        b.HoldsVirtualAddresses.Should().BeFalse();
        b.Instance.Explain().Should().Be("backup: master 10.0.0.1 advertises priority 150 > our effective priority 100");
        lan.Delivered.Should().BeGreaterThan(5);
    }

    [Fact]
    public void Crash_Master_BackupTakesOverExactlyMasterDownIntervalAfterTheLastAdvert()
    {
        var lan = new SimulatedLan(seed: 2) { MinDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) };
        SimulatedNode a = lan.AddNode(Settings("10.0.0.1", 200));
        SimulatedNode b = lan.AddNode(Settings("10.0.0.2", 100));
        lan.StartAll();
        lan.RunFor(TimeSpan.FromSeconds(10));

        a.Crash();
        lan.RunFor(TimeSpan.FromSeconds(5));

        TimeSpan lastHeard = lan.LastDelivery(a, b)!.Value;
        SimulatedTransition takeover = lan.Transitions.Last(t => t.Node == b && t.To == VrrpState.Master);
        takeover.At.Should().Be(lastHeard + VrrpTimers.MasterDownInterval(VrrpVersion.V3, 100, TimeSpan.FromSeconds(1)));
        b.HoldsVirtualAddresses.Should().BeTrue();
    }

    [Fact]
    public void Stop_Master_BackupTakesOverAfterSkewTimeOnly()
    {
        var lan = new SimulatedLan(seed: 3);
        SimulatedNode a = lan.AddNode(Settings("10.0.0.1", 200));
        SimulatedNode b = lan.AddNode(Settings("10.0.0.2", 100));
        lan.StartAll();
        lan.RunFor(TimeSpan.FromSeconds(10));
        TimeSpan stoppedAt = lan.Now;

        a.Stop();
        lan.RunFor(TimeSpan.FromSeconds(2));

        SimulatedTransition takeover = lan.Transitions.Last(t => t.Node == b && t.To == VrrpState.Master);
        takeover.Reason.Should().Be(VrrpTransitionReason.MasterStopped);
        (takeover.At - stoppedAt).Should().Be(VrrpTimers.SkewTime(VrrpVersion.V3, 100, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Partition_ThenHeal_SplitBrainEndsAndTheWinnerReannouncesItsAddresses()
    {
        var lan = new SimulatedLan(seed: 4);
        SimulatedNode a = lan.AddNode(Settings("10.0.0.1", 200));
        SimulatedNode b = lan.AddNode(Settings("10.0.0.2", 100));
        lan.StartAll();
        lan.RunFor(TimeSpan.FromSeconds(10));

        lan.Partition([a], [b]);
        lan.RunFor(TimeSpan.FromSeconds(10));
        lan.Masters.Should().HaveCount(2, "each side elects its own master");
        int announcementsBeforeHeal = a.Binder.AnnouncementCount;

        lan.Heal();
        lan.RunFor(TimeSpan.FromSeconds(2));

        lan.Masters.Should().Equal(a);
        a.Binder.AnnouncementCount.Should().BeGreaterThan(announcementsBeforeHeal, "the winner re-announces so stale ARP caches follow it");
        b.HoldsVirtualAddresses.Should().BeFalse();
    }

    [Fact]
    public void TrackedItemFailing_OnMaster_PreemptingBackupTakesOver()
    {
        var lan = new SimulatedLan(seed: 5);
        SimulatedNode a = lan.AddNode(Settings("10.0.0.1", 150));
        SimulatedNode b = lan.AddNode(Settings("10.0.0.2", 100));
        lan.StartAll();
        lan.RunFor(TimeSpan.FromSeconds(10));

        a.ReportTrackedItem("chk", healthy: false);
        lan.RunFor(TimeSpan.FromSeconds(5));

        lan.Masters.Should().Equal(b);
        a.Instance.Explain().Should().Be("backup: master 10.0.0.2 advertises priority 100 > our effective priority 90 = 150 - 60 (chk failing)");
    }

    [Fact]
    public void RunFor_SameSeed_ReplaysTheSameHistory()
    {
        static string Run(int seed)
        {
            var lan = new SimulatedLan(seed) { LossRate = 0.3, DuplicationRate = 0.1, MaxDelay = TimeSpan.FromMilliseconds(50), TraceEnabled = true };
            lan.AddNode(Settings("10.0.0.1", 100, TimeSpan.FromMilliseconds(100)));
            lan.AddNode(Settings("10.0.0.2", 100, TimeSpan.FromMilliseconds(100)));
            lan.AddNode(Settings("10.0.0.3", 100, TimeSpan.FromMilliseconds(100)));
            lan.StartAll();
            lan.RunFor(TimeSpan.FromSeconds(5));
            return string.Join('\n', lan.Trace);
        }

        string first = Run(7);

        Run(7).Should().Be(first);
        Run(8).Should().NotBe(first);
    }

    [Fact]
    public void RunFor_IPv6Version3_ElectsByLinkLocalAddressOnTies()
    {
        var lan = new SimulatedLan(seed: 9);
        VrrpInstanceSettings Six(string ll) => Settings("fe80::1", 100, TimeSpan.FromMilliseconds(100)) with
        {
            PrimaryAddress = IPAddress.Parse(ll),
            VirtualAddresses = [VrrpVirtualAddress.Parse("fe80::100"), VrrpVirtualAddress.Parse("2001:db8::100")],
        };
        lan.AddNode(Six("fe80::1"));
        SimulatedNode high = lan.AddNode(Six("fe80::2"));
        lan.StartAll();

        lan.RunFor(TimeSpan.FromSeconds(2));

        lan.Masters.Should().Equal(high);
        lan.Nodes.Sum(n => n.Instance.GetStatus().Counters.PacketErrors.Count).Should().Be(0);
    }
}
