
namespace Vrrp.Cli.Tests.Failover;

/// <summary>
/// <c>vrrp run --use-vmac</c> (keepalived's <c>use_vmac</c>) on a namespace LAN: the VIPs live on a macvlan with the
/// virtual router MAC, so host 3 keeps the same ARP / neighbour entry across a failover. Checked from outside the
/// processes with <c>ip link</c>, <c>ip addr</c>, <c>ip neigh</c>, ping and an AF_PACKET capture.
/// </summary>
public sealed class VrrpRunVirtualMacTests(ITestOutputHelper output) : VrrpRunPairTest(output)
{
    [Fact]
    public void Run_UseVmacIPv4_VipOnVirtualMacAndThirdHostKeepsItsArpEntryAcrossFailover()
    {
        byte[] virtualMac = [0x00, 0x00, 0x5e, 0x00, 0x01, 0x07];
        using FrameCapture garps = FrameCapture.Open(Lan[3], 0x0806, frame => frame.Length >= 42 && frame.AsSpan(28, 4).SequenceEqual(frame.AsSpan(38, 4)) && frame.AsSpan(6, 6).SequenceEqual(virtualMac));
        string[] common = ["-i", "eth0", "--vrid", "7", "--version", "3", "--advert-interval", "0.2", "--vip", "10.99.0.100/24", "--garp-master-delay", "0", "--use-vmac"];
        StartMasterThenBackup(common, ["--priority", "150"], ["--priority", "100"]);

        // Master: the VMAC is a private-mode macvlan on eth0, up, with the virtual router MAC and the VIP; eth0 has no VIP.
        string masterLink = Lan[1].Ip("-d", "link", "show", "vrrp.7");
        masterLink.Should().Contain("vrrp.7@eth0").And.Contain("link/ether 00:00:5e:00:01:07").And.Contain("macvlan mode private").And.Contain("addrgenmode none").And.Contain(",UP,");
        Lan[1].Ip("-o", "addr", "show", "dev", "vrrp.7").Should().Contain("10.99.0.100/24");
        Lan[1].Addresses().Should().NotContain("10.99.0.100");
        Sysctl(Lan[1], "eth0", "arp_ignore").Should().Be("1");
        Sysctl(Lan[1], "vrrp.7", "arp_ignore").Should().Be("1");
        Sysctl(Lan[1], "vrrp.7", "rp_filter").Should().Be("0");

        // Backup: the VMAC exists but is down, with no VIP anywhere.
        Lan[2].Ip("link", "show", "vrrp.7").Should().Contain("state DOWN").And.NotContain(",UP");
        Lan[2].Ip("-o", "addr", "show").Should().NotContain("10.99.0.100");

        // Gratuitous ARP comes from the virtual MAC, and host 3 resolves the VIP to it.
        garps.WaitFor(5, TimeSpan.FromSeconds(2)).Select(f => f.Frame[22..28]).Should().HaveCount(5)
            .And.AllSatisfy(senderMac => senderMac.Should().Equal(virtualMac));
        Lan[3].Ping(IPAddress.Parse("10.99.0.100")).Should().BeTrue();
        Lan[3].Ip("neigh", "show", "10.99.0.100").Should().Contain("lladdr 00:00:5e:00:01:07");

        // Clean stop of the master: its VMAC is deleted and its base sysctls are restored; the backup takes over.
        TimeSpan terminated = _first.Terminate();
        _second.WaitForState("Master", TimeSpan.FromSeconds(5), after: terminated);
        _first.WaitForExit(TimeSpan.FromSeconds(10)).Should().Be(0);
        Lan[1].Ip("link", "show").Should().NotContain("vrrp.7");
        Sysctl(Lan[1], "eth0", "arp_ignore").Should().Be("0");
        Lan[2].Ip("-o", "addr", "show", "dev", "vrrp.7").Should().Contain("10.99.0.100/24");

        // The point of VMAC: host 3's entry (never flushed) already names the MAC the new master answers on.
        Lan[3].Ip("neigh", "show", "10.99.0.100").Should().Contain("lladdr 00:00:5e:00:01:07");
        Lan[3].Ping(IPAddress.Parse("10.99.0.100")).Should().BeTrue();
        Lan[3].Ip("neigh", "show", "10.99.0.100").Should().Contain("lladdr 00:00:5e:00:01:07");
    }

    [Fact]
    public void Run_UseVmacIPv4_MasterSendsAdvertsFromTheVirtualMacWithTheBaseAddressAsSource()
    {
        // keepalived's default without vmac_xmit_base: switches learn the virtual MAC from the adverts themselves.
        byte[] virtualMac = [0x00, 0x00, 0x5e, 0x00, 0x01, 0x0a];
        using FrameCapture adverts = FrameCapture.Open(Lan[3], 0x0800, frame => frame.Length >= 42 && frame[23] == 112 && frame.AsSpan(26, 4).SequenceEqual(new byte[] { 10, 99, 0, 1 }));
        string[] common = ["-i", "eth0", "--vrid", "10", "--version", "3", "--advert-interval", "0.2", "--vip", "10.99.0.100/24", "--use-vmac"];
        StartMasterThenBackup(common, ["--priority", "150"], ["--priority", "100"]);
        int before = adverts.Frames.Count;
        Thread.Sleep(1500);

        IReadOnlyList<(TimeSpan At, byte[] Frame)> whileMaster = [.. adverts.Frames.Skip(before)];
        whileMaster.Should().HaveCountGreaterThan(4, "a master advertises every 200 ms");
        whileMaster.Should().AllSatisfy(f => f.Frame[6..12].Should().Equal(virtualMac, "the Ethernet source is the virtual router MAC"));
        _second.HasLine(l => l.Contains("-> Master", StringComparison.Ordinal)).Should().BeFalse("the backup hears the adverts sent from the VMAC");

        // Priority 0 on a clean stop leaves from the VMAC too, before it goes.
        TimeSpan terminated = _first.Terminate();
        TimeSpan takeover = _second.WaitForState("Master", TimeSpan.FromSeconds(5), after: terminated);
        _output.WriteLine($"SIGTERM -> backup master with adverts from the VMAC: {(takeover - terminated).TotalMilliseconds:F0} ms");
        (takeover - terminated).Should().BeLessThan(TimeSpan.FromMilliseconds(500), "the priority-0 advert arrived (Skew_Time 122 ms)");
        byte[] last = adverts.Frames[^1].Frame;
        last[36].Should().Be(0);
        last[6..12].Should().Equal(virtualMac);
    }

    [Fact]
    public void Run_UseVmacWithVmacXmitBase_MasterSendsAdvertsFromTheBaseInterface()
    {
        byte[] baseMac = Lan[1].Mac.GetAddressBytes();
        using FrameCapture adverts = FrameCapture.Open(Lan[3], 0x0800, frame => frame.Length >= 42 && frame[23] == 112);
        _first = VrrpNode.Start(Lan[1], "-i", "eth0", "--vrid", "12", "--version", "3", "--advert-interval", "0.2", "--vip", "10.99.0.100/24", "--use-vmac", "--vmac-xmit-base");
        _first.WaitForState("Master", s_electionTimeout);

        adverts.WaitFor(3, TimeSpan.FromSeconds(2)).Should().HaveCountGreaterThanOrEqualTo(3)
            .And.AllSatisfy(f => f.Frame[6..12].Should().Equal(baseMac));
        Lan[1].Ip("-o", "addr", "show", "dev", "vrrp.12").Should().Contain("10.99.0.100/24");
    }

    [Fact]
    public void Run_UseVmacIPv6_VmacHasIPv6VirtualRouterMacAndThirdHostResolvesVipToIt()
    {
        _first = VrrpNode.Start(Lan[1], "-i", "eth0", "--vrid", "9", "--advert-interval", "0.2", "--vip", "fd00:99::100/64", "--use-vmac", "vmac9");
        _first.WaitForState("Master", s_electionTimeout);

        Lan[1].Ip("link", "show", "vmac9").Should().Contain("link/ether 00:00:5e:00:02:09");
        string vmacAddresses = Lan[1].Ip("-o", "addr", "show", "dev", "vmac9");
        vmacAddresses.Should().Contain("fd00:99::100/64").And.NotContain("fe80:", "address generation is off on the VMAC");
        Lan[3].Ping(IPAddress.Parse("fd00:99::100")).Should().BeTrue();
        Lan[3].Ip("-6", "neigh", "show", "fd00:99::100").Should().Contain("lladdr 00:00:5e:00:02:09");

        _first.Terminate();
        _first.WaitForExit(TimeSpan.FromSeconds(10)).Should().Be(0);
        Lan[1].Ip("link", "show").Should().NotContain("vmac9");
    }

    [Fact]
    public void Run_UseVmacAfterSigkill_RestartDeletesStaleVmacBeforeJoining()
    {
        string[] arguments = ["-i", "eth0", "--vrid", "8", "--version", "3", "--advert-interval", "0.2", "--vip", "10.99.0.100/24", "--use-vmac"];
        _first = VrrpNode.Start(Lan[1], arguments);
        _first.WaitForState("Master", s_electionTimeout);
        _first.KillHard();
        _first.WaitForExit(TimeSpan.FromSeconds(5));
        Lan[1].Ip("-o", "addr", "show", "dev", "vrrp.8").Should().Contain("10.99.0.100/24", "a SIGKILLed process cannot delete its VMAC");

        _second = VrrpNode.Start(Lan[1], arguments);
        TimeSpan deleted = _second.WaitForLine(l => l.Contains("Deleted stale VMAC interface vrrp.8", StringComparison.Ordinal), s_electionTimeout);
        TimeSpan joined = _second.WaitForState("Backup", s_electionTimeout);
        deleted.Should().BeLessThan(joined);
        _second.WaitForState("Master", s_electionTimeout);
        Lan[1].Ip("-o", "addr", "show", "dev", "vrrp.8").Should().Contain("10.99.0.100/24");

        _second.Terminate();
        _second.WaitForExit(TimeSpan.FromSeconds(10)).Should().Be(0);
        Lan[1].Ip("link", "show").Should().NotContain("vrrp.8");
    }

    [Fact]
    public void RunFile_KeepalivedConfWithUseVmac_PutsTheVipOnTheNamedVmacAndDeletesItOnStop()
    {
        string path = Path.Combine(Path.GetTempPath(), $"vrrp-vmac-{Guid.NewGuid():N}.conf");
        File.WriteAllText(path, "vrrp_instance VI_61 {\n    interface eth0\n    virtual_router_id 61\n    priority 150\n    use_vmac vmac61\n    vmac_xmit_base\n    virtual_ipaddress {\n        10.99.0.100/24\n    }\n}\n");
        try
        {
            _first = VrrpNode.Start(Lan[1], "-f", path);
            _first.WaitForState("Master", s_electionTimeout);

            Lan[1].Ip("link", "show", "vmac61").Should().Contain("link/ether 00:00:5e:00:01:3d");
            Lan[1].Ip("-o", "addr", "show", "dev", "vmac61").Should().Contain("10.99.0.100/24");
            _first.HasLine(l => l.Contains("use_vmac", StringComparison.Ordinal)).Should().BeFalse("use_vmac is no longer reported as not implemented");

            _first.Terminate();
            _first.WaitForExit(TimeSpan.FromSeconds(10)).Should().Be(0);
            Lan[1].Ip("link", "show").Should().NotContain("vmac61");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Run_UseVmacNameTakenByAnotherKindOfInterface_FailsWithoutTouchingIt()
    {
        _first = VrrpNode.Start(Lan[1], "-i", "eth0", "--vrid", "5", "--vip", "10.99.0.100/24", "--use-vmac", "lo");

        _first.WaitForExit(TimeSpan.FromSeconds(10)).Should().Be(4, "a network error");
        _first.Output.Should().Contain("interface lo exists and is not a macvlan");
        Lan[1].Ip("link", "show", "lo").Should().Contain("LOOPBACK,UP");
    }

    private static string Sysctl(LanHost host, string interfaceName, string name) =>
        host.Exec(TimeSpan.FromSeconds(5), "cat", $"/proc/sys/net/ipv4/conf/{interfaceName}/{name}").Output.Trim();
}
