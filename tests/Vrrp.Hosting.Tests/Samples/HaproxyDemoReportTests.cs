using HaproxyFailover.Demo;

namespace Vrrp.Hosting.Tests.Samples;

/// <summary>The demo's report: what it counts per fault, and when --check fails the run (CI).</summary>
public sealed class HaproxyDemoReportTests
{
    [Fact]
    public void FaultResult_Measure_CountsFailuresTheLongestRunOfThemAndTheNodesThatServed()
    {
        var fault = new FaultMark("haproxy-broken", 1000, 90, 120, "HAProxy cannot restart");
        List<RequestRecord> window =
        [
            new(1000, 1, true, "node1", ""),
            new(1010, 1, false, "", "ConnectionRefused"),
            new(1020, 1, true, "node1", ""),
            new(1030, 1, false, "", "timeout"),
            new(1040, 1, false, "", "timeout"),
            new(1050, 1, false, "", "timeout"),
            new(1060, 1, true, "node2", ""),
            new(1070, 1, true, "node2", ""),
            new(1080, 1, true, "node1", ""),
        ];

        FaultResult result = FaultResult.Measure(fault, window, periodMs: 10);

        result.Requests.Should().Be(9);
        result.Failed.Should().Be(4);
        result.LongestOutageMs.Should().Be(30, "three failures in a row, 10 ms apart");
        result.ServedBy.Should().Be("node1 → node2 → node1");
    }

    [Fact]
    public void VipSample_LongestOnBoth_IsTheLongestStretchBothNodesHeldTheVip()
    {
        List<VipSample> samples =
        [
            new(0, true, false),
            new(100, true, true),
            new(150, true, true),
            new(300, false, true),
            new(400, true, true),
            new(450, false, true),
        ];

        (long duration, long at) = VipSample.LongestOnBoth(samples);

        duration.Should().Be(200);
        at.Should().Be(100);
    }

    [Fact]
    public void VipSample_LongestOnBoth_InAWindow_CountsOnlyTheStretchInsideIt()
    {
        List<VipSample> samples = [new(0, true, false), new(100, true, true), new(400, false, true), new(500, true, true), new(900, false, true)];

        VipSample.LongestOnBoth(samples, 200, 450).Should().Be(200, "both from before the window's start (200) to 400");
        VipSample.LongestOnBoth(samples, 450, 700).Should().Be(200, "both from 500 to the window's end");
        VipSample.LongestOnBoth(samples, 0, 90).Should().Be(0);
    }

    [Fact]
    public void WirePacket_Parse_ReadsAdvertsAndGratuitousArpsFromTcpdump()
    {
        WirePacket? advert = WirePacket.Parse("1796610509.016836 02:00:00:00:00:01 > 01:00:5e:00:00:12, ethertype IPv4 (0x0800), length 54: 10.99.0.1 > 224.0.0.18: VRRPv2, Advertisement, vrid 51, prio 100, authtype simple, intvl 1s, length 20, addrs: 10.99.0.100 auth \"1111^@^@^@^@\"", "10.99.0.100");
        WirePacket? garp = WirePacket.Parse("1796610509.016869 02:00:00:00:00:02 > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42: Request who-has 10.99.0.100 (ff:ff:ff:ff:ff:ff) tell 10.99.0.100, length 28", "10.99.0.100");
        WirePacket? question = WirePacket.Parse("1796610509.649385 02:00:00:00:00:05 > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42: Request who-has 10.99.0.100 tell 10.99.0.5, length 28", "10.99.0.100");

        advert.Should().Be(new WirePacket(1796610509016836, WirePacketKind.Advert, "10.99.0.1", 100));
        garp.Should().Be(new WirePacket(1796610509016869, WirePacketKind.GratuitousArp, "02:00:00:00:00:02", -1));
        question.Should().BeNull("a client asking for the VIP is not a gratuitous ARP");
    }

    [Fact]
    public void NodeDownTiming_Measure_CountsFromTheDeadMastersLastAdvert()
    {
        var fault = new FaultMark("node-down", 10_300, 400, 450, "node down");
        List<WirePacket> wire =
        [
            new(9_000_000, WirePacketKind.Advert, "10.99.0.1", 100),
            new(10_000_000, WirePacketKind.Advert, "10.99.0.1", 100),
            new(10_400_000, WirePacketKind.Advert, "10.99.0.1", 100), // sent after the mark, before the port went down
            new(14_205_000, WirePacketKind.Advert, "10.99.0.2", 50),
            new(14_206_000, WirePacketKind.GratuitousArp, "02:00:00:00:00:02", -1),
            new(15_000_000, WirePacketKind.Advert, "10.99.0.1", 100), // back after the link came up
        ];
        List<RequestRecord> requests = [new(10_300, 1, false, "", "timeout"), new(14_200, 1, false, "", "timeout"), new(14_210, 1, true, "node2", "")];

        NodeDownTiming? timing = NodeDownTiming.Measure(fault, wire, requests);

        timing.Should().Be(new NodeDownTiming(fault, -100, 3805, 3806, 3810));
    }

    [Fact]
    public void Compare_Run_NeedsTheSameFaultsInBothRuns()
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();
        string header = "name,requests,failed,max_failed,longest_outage_ms,served_by,vip_on_both_ms";
        File.WriteAllLines(a.Combine("summary.csv"), [header, "node-down,1000,300,400,3000,node1 → node2,0", "node-down,1000,320,400,3200,node1 → node2,0"]);
        File.WriteAllLines(b.Combine("summary.csv"), [header, "node-down,1000,310,400,3100,node1 → node2,0", "node-down,1000,330,400,3300,node1 → node2,0"]);

        Compare.Run(a.Path, b.Path).Should().Be(0);

        File.WriteAllLines(b.Combine("summary.csv"), [header, "graceful-stop,1000,80,90,800,node1 → node2,0", "node-down,1000,330,400,3300,node1 → node2,0"]);
        Compare.Run(a.Path, b.Path).Should().Be(1, "the runs injected different faults");
    }

    [Fact]
    public void Run_Check_FailsWhenAFaultIsOverItsCiBoundOrTheVipWasOnBothNodesLongerThanTheLease()
    {
        using var directory = new TempDirectory();
        File.WriteAllLines(directory.Combine("settings.txt"), ["title=test", "lease_ms=1000", "period_ms=10"]);
        File.WriteAllLines(directory.Combine("faults.csv"), ["name,start_ms,max_failed,ci_max_failed,description", "haproxy-killed,1000,1,2,HAProxy killed"]);
        File.WriteAllLines(directory.Combine("vip.csv"), ["t_ms,node1,node2", "1000,1,0", "2000,1,0"]);
        string[] requests = ["start_ms,latency_ms,ok,served_by,error", "1000,1.0,1,node1,", "1010,1.0,0,,ConnectionRefused", "1020,1.0,0,,ConnectionRefused", "1030,1.0,1,node1,"];
        File.WriteAllLines(directory.Combine("requests.csv"), requests);
        string svg = directory.Combine("chart.svg");

        // Two failures: over the bound (1), within CI's (2).
        Report.Run(directory.Path, svg, check: true).Should().Be(0);
        File.ReadAllText(svg).Should().StartWith("<svg").And.Contain("HAProxy killed");
        File.ReadAllLines(directory.Combine("summary.csv")).Should().Contain("haproxy-killed,4,2,1,20,node1,0");

        File.WriteAllLines(directory.Combine("requests.csv"), [.. requests.Take(4), "1030,1.0,0,,timeout", "1040,1.0,1,node1,"]);
        Report.Run(directory.Path, svg, check: true).Should().Be(1, "three failures are over CI's bound of 2");
        Report.Run(directory.Path, svg, check: false).Should().Be(0, "without --check the report only marks it");

        File.WriteAllLines(directory.Combine("requests.csv"), requests);
        File.WriteAllLines(directory.Combine("vip.csv"), ["t_ms,node1,node2", "1000,1,1", "2200,1,1", "2300,1,0"]);
        Report.Run(directory.Path, svg, check: true).Should().Be(1, "the VIP was on both nodes for 1.3 s, longer than the 1 s lease");
    }
}
