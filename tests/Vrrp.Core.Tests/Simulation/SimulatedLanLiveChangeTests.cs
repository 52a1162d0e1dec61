namespace Vrrp.Tests.Simulation;

/// <summary>Live changes (a reload) on a simulated LAN: only what the change says happens, the rest is the normal election.</summary>
public sealed class SimulatedLanLiveChangeTests
{
    [Fact]
    public async Task ApplySettings_HundredUnchangedReloadsOnBothNodes_NoTransitionNoBinderCall()
    {
        var lan = new SimulatedLan(seed: 21) { MinDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) };
        (SimulatedNode a, SimulatedNode b) = SettledPair(lan);
        int transitions = lan.Transitions.Count;
        int bindings = a.Binder.Events.Count + b.Binder.Events.Count;

        for (int i = 0; i < 100; i++)
        {
            await a.Instance.ApplySettingsAsync(SimulatedLanTests.Settings("10.0.0.1", 150), TestContext.Current.CancellationToken);
            await b.Instance.ApplySettingsAsync(SimulatedLanTests.Settings("10.0.0.2", 100), TestContext.Current.CancellationToken);
            lan.RunFor(TimeSpan.FromMilliseconds(100));
        }

        lan.Transitions.Should().HaveCount(transitions);
        (a.Binder.Events.Count + b.Binder.Events.Count).Should().Be(bindings);
        lan.Masters.Should().Equal(a);
    }

    [Fact]
    public async Task ApplySettings_MasterLoweredBelowTheBackup_BackupTakesOverOnceByTheNormalElection()
    {
        var lan = new SimulatedLan(seed: 22) { MinDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) };
        (SimulatedNode a, SimulatedNode b) = SettledPair(lan);
        int transitions = lan.Transitions.Count;

        await a.Instance.ApplySettingsAsync(SimulatedLanTests.Settings("10.0.0.1", 50), TestContext.Current.CancellationToken);
        lan.RunFor(TimeSpan.FromSeconds(10));

        lan.Masters.Should().Equal(b);
        lan.Transitions.Skip(transitions).Select(t => $"{t.Node} {t.From}->{t.To}").Should().BeEquivalentTo(["VI_1@10.0.0.2 Backup->Master", "VI_1@10.0.0.1 Master->Backup"]);
        b.HoldsVirtualAddresses.Should().BeTrue();
        a.HoldsVirtualAddresses.Should().BeFalse();
    }

    [Fact]
    public async Task ApplySettings_AddressAddedOnBothNodes_MasterBindsOnlyItAndNobodyMoves()
    {
        var lan = new SimulatedLan(seed: 23) { MinDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) };
        (SimulatedNode a, SimulatedNode b) = SettledPair(lan);
        int transitions = lan.Transitions.Count;
        int events = a.Binder.Events.Count;
        VrrpVirtualAddress added = VrrpVirtualAddress.Parse("10.0.0.101");

        VrrpInstanceSettings NewList(VrrpInstanceSettings s) => s with { VirtualAddresses = [.. s.VirtualAddresses, added] };
        await a.Instance.ApplySettingsAsync(NewList(a.Instance.Settings), TestContext.Current.CancellationToken);
        await b.Instance.ApplySettingsAsync(NewList(b.Instance.Settings), TestContext.Current.CancellationToken);
        lan.RunFor(TimeSpan.FromSeconds(10));

        lan.Transitions.Should().HaveCount(transitions);
        a.Binder.Events.Skip(events).Select(e => $"{e.Kind} {string.Join(' ', e.Addresses)}").Should().Equal("Added 10.0.0.101/32", "Announced 10.0.0.101/32");
        b.Binder.Events.Should().BeEmpty();
        b.Instance.Counters.Snapshot().AddressListMismatches.Should().Be(0, "the master advertises the new list, which the backup now expects");
    }

    private static (SimulatedNode A, SimulatedNode B) SettledPair(SimulatedLan lan)
    {
        SimulatedNode a = lan.AddNode(SimulatedLanTests.Settings("10.0.0.1", 150));
        SimulatedNode b = lan.AddNode(SimulatedLanTests.Settings("10.0.0.2", 100));
        lan.StartAll();
        lan.RunFor(TimeSpan.FromSeconds(10));
        lan.Masters.Should().Equal(a);
        return (a, b);
    }
}
