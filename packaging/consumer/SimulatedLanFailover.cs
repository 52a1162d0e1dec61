namespace Vrrp.Consumer;

/// <summary>
/// Two instances embedded on Vrrp.Testing's simulated LAN (fake clock, real encoded adverts): the master crashes, the
/// backup takes over within its Master_Down_Interval, the restarted master preempts back.
/// </summary>
internal static class SimulatedLanFailover
{
    public static void Run(Checks checks)
    {
        var settings = new VrrpInstanceSettings
        {
            Name = "VI_1",
            VirtualRouterId = 51,
            PrimaryAddress = IPAddress.Any,
            VirtualAddresses = [VrrpVirtualAddress.Parse("192.0.2.100/24")],
        };
        var lan = new SimulatedLan(seed: 42);
        SimulatedNode a = lan.AddNode(settings with { PrimaryAddress = IPAddress.Parse("192.0.2.1"), Priority = 150 });
        SimulatedNode b = lan.AddNode(settings with { PrimaryAddress = IPAddress.Parse("192.0.2.2"), Priority = 100 });

        lan.StartAll();
        lan.RunFor(TimeSpan.FromSeconds(5));
        checks.That(a.State == VrrpState.Master && a.HoldsVirtualAddresses, "simulated LAN: the priority-150 node is master and holds the VIP", $"a={a.State}");
        checks.That(b.State == VrrpState.Backup && !b.HoldsVirtualAddresses, "simulated LAN: the priority-100 node is backup", $"b={b.State}");

        a.Crash();
        bool tookOver = lan.RunUntil(() => b.State == VrrpState.Master, TimeSpan.FromSeconds(5));
        checks.That(tookOver && b.HoldsVirtualAddresses, "simulated LAN: after the master crashed the backup is master and holds the VIP", $"b={b.State}");

        // RFC 5798: the backup takes over Master_Down_Interval after the last advert it heard, 3 x 1 s + Skew_Time
        // ((256 - 100) / 256 s), no sooner and no later.
        TimeSpan silence = lan.Now - (lan.LastDelivery(a, b) ?? TimeSpan.Zero);
        TimeSpan masterDown = TimeSpan.FromSeconds(3 + (156 / 256.0));
        checks.That(tookOver && (silence - masterDown).Duration() < TimeSpan.FromMilliseconds(10), $"simulated LAN: takeover {silence.TotalSeconds:0.000} s after the last advert heard (Master_Down_Interval {masterDown.TotalSeconds:0.000} s)");

        a.Restart();
        bool preempted = lan.RunUntil(() => a.State == VrrpState.Master && b.State == VrrpState.Backup, TimeSpan.FromSeconds(5));
        checks.That(preempted && lan.Masters.Count == 1, "simulated LAN: the restarted node preempts back, one master", $"a={a.State} b={b.State}");
    }
}
