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
        File.ReadAllLines(directory.Combine("summary.csv")).Should().Contain("haproxy-killed,4,2,1,20,node1");

        File.WriteAllLines(directory.Combine("requests.csv"), [.. requests.Take(4), "1030,1.0,0,,timeout", "1040,1.0,1,node1,"]);
        Report.Run(directory.Path, svg, check: true).Should().Be(1, "three failures are over CI's bound of 2");
        Report.Run(directory.Path, svg, check: false).Should().Be(0, "without --check the report only marks it");

        File.WriteAllLines(directory.Combine("requests.csv"), requests);
        File.WriteAllLines(directory.Combine("vip.csv"), ["t_ms,node1,node2", "1000,1,1", "2200,1,1", "2300,1,0"]);
        Report.Run(directory.Path, svg, check: true).Should().Be(1, "the VIP was on both nodes for 1.3 s, longer than the 1 s lease");
    }
}
