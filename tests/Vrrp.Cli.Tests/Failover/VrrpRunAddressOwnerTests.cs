
namespace Vrrp.Cli.Tests.Failover;

/// <summary>
/// An address owner (priority 255, RFC 5798 §3): the VIP is one of the interface's own addresses. The daemon must
/// never remove an address it did not add, and must run when the VIP is the interface's only address.
/// </summary>
public sealed class VrrpRunAddressOwnerTests(ITestOutputHelper output) : VrrpRunPairTest(output, hostCount: 2)
{
    [Fact]
    public void Run_OwnerOfAnAddressTheInterfaceHadBefore_SigtermLeavesTheAddress()
    {
        // 10.99.0.1/24 is host 1's own address, there before the daemon; adverts leave from 10.98.0.1.
        Lan[1].Ip("addr", "add", "10.98.0.1/24", "dev", "eth0");
        _first = VrrpNode.Start(Lan[1], "-i", "eth0", "--vrid", "21", "--version", "3", "--advert-interval", "0.2", "--priority", "255", "--vip", "10.99.0.1/24");
        _first.WaitForState("Master", s_electionTimeout);
        Thread.Sleep(300);

        _first.Terminate();
        _first.WaitForExit(TimeSpan.FromSeconds(10)).Should().Be(0);

        Lan[1].Addresses().Should().Contain("inet 10.99.0.1/24", "the daemon did not add it, so it must not remove it");
    }

    [Fact]
    public void Run_OwnerWhoseOnlyAddressIsTheVip_SendsAdvertsTheBackupHearsAndKeepsTheAddressOnStop()
    {
        // Host 1's only IPv4 address is the VIP: it is both the owner's primary address and the virtual address.
        string[] common = ["-i", "eth0", "--vrid", "22", "--version", "3", "--advert-interval", "0.2", "--vip", "10.99.0.1/24"];
        _first = VrrpNode.Start(Lan[1], [.. common, "--priority", "255"]);
        _first.WaitForState("Master", s_electionTimeout);
        TimeSpan joined = VrrpNode.Now;
        _second = VrrpNode.Start(Lan[2], [.. common, "--priority", "100"]);
        _second.WaitForState("Backup", s_electionTimeout);

        // Master_Down_Interval of the backup is 0.72 s: three seconds without a takeover means it hears the owner.
        Thread.Sleep(3000);
        _second.HasLine(l => l.Contains("-> Master", StringComparison.Ordinal)).Should().BeFalse("the backup hears the owner's adverts");
        _first.HasLine(l => l.Contains("Master ->", StringComparison.Ordinal)).Should().BeFalse();
        Lan[2].Addresses().Should().NotContain("10.99.0.1/");

        _first.Terminate();
        _first.WaitForExit(TimeSpan.FromSeconds(10)).Should().Be(0);
        Lan[1].Addresses().Should().Contain("inet 10.99.0.1/24", "the owner's own address stays");
        _output.WriteLine($"owner master at {joined.TotalMilliseconds:F0} ms");
    }
}
