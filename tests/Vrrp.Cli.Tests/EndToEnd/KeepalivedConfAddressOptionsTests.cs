
namespace Vrrp.Cli.Tests.EndToEnd;

/// <summary>
/// <c>vrrp run -f</c> on a network-namespace LAN applies the keepalived.conf options that go beyond the address itself:
/// <c>scope</c> and <c>brd</c>, <c>virtual_ipaddress_excluded</c>, <c>vrrp_mcast_group4</c> and <c>dont_track_primary</c>,
/// checked from outside with <c>ip -n NS addr</c> / <c>maddr</c> and the daemons' state lines.
/// </summary>
public sealed class KeepalivedConfAddressOptionsTests(ITestOutputHelper output) : VrrpRunPairTest(output, hostCount: 0)
{
    [Fact]
    public void RunFile_ScopeBrdExcludedAndMulticastGroup_AppliedOnTheMasterAndPeersStillAgree()
    {
        CreateLan(2);

        // Subnets other than eth0's 10.99.0.0/24: the kernel refuses a secondary address whose scope differs from its
        // subnet's primary ("ipv4: Invalid scope value"). The backup lists no excluded addresses: were they advertised, its address check would drop the master's
        // adverts and both would be master. Both join 224.0.0.99 only, so agreeing also proves the group carries them.
        string master = WriteConfig(1, 100, """
                virtual_ipaddress_excluded {
                    10.97.0.200/24 scope host
                    fd00:99::200/64
                }
            """);

        // The backup starts once the master is elected: started together, a slower start of the master (three VIPs,
        // one IPv6) on a loaded machine can let the backup's own down timer run out first, a brief and legitimate
        // Backup -> Master -> Backup that the assertion below is not about.
        StartMasterThenBackup([], ["-f", master], ["-f", WriteConfig(2, 50, string.Empty)], TimeSpan.FromSeconds(15));

        string addresses = Lan[1].Addresses();
        addresses.Should().Contain("inet 10.98.0.100/24 brd 10.98.0.255 scope link")
            .And.Contain("inet 10.97.0.200/24 scope host")
            .And.Contain("inet6 fd00:99::200/64");
        Lan[2].Ip("maddr", "show", "dev", "eth0").Should().Contain("224.0.0.99").And.NotContain("224.0.0.18");

        // Still backup three advert intervals later: the master's adverts keep arriving and pass the address check.
        TimeSpan settled = VrrpNode.Now;
        System.Threading.Thread.Sleep(TimeSpan.FromSeconds(3.5));
        _second.Output.Should().NotContain(" -> Master ");
        _first.Terminate();
        _first.WaitForExit(TimeSpan.FromSeconds(10)).Should().Be(0);
        _second.WaitForState("Master", TimeSpan.FromSeconds(10), after: settled);
        Lan[1].Addresses().Should().NotContain("10.98.0.100").And.NotContain("10.97.0.200").And.NotContain("fd00:99::200", "a clean stop releases the excluded addresses too");
    }

    [Fact]
    public void RunFile_DontTrackPrimary_OwnInterfaceDownDoesNotFaultThatInstance()
    {
        CreateLan(1);
        string config = Files.WriteFile("keepalived.conf", """
            vrrp_instance VI_1 {
                state MASTER
                interface eth0
                virtual_router_id 51
                priority 100
                advert_int 1
                dont_track_primary
                virtual_ipaddress {
                    10.99.0.100/24
                }
            }

            vrrp_instance VI_2 {
                state MASTER
                interface eth0
                virtual_router_id 52
                priority 100
                advert_int 1
                virtual_ipaddress {
                    10.99.0.101/24
                }
            }
            """);
        _first = VrrpNode.Start(Lan[1], "-f", config);
        _first.WaitForLine(l => l.Contains("VI_1: ", StringComparison.Ordinal) && l.Contains(" -> Master ", StringComparison.Ordinal), TimeSpan.FromSeconds(15));
        _first.WaitForLine(l => l.Contains("VI_2: ", StringComparison.Ordinal) && l.Contains(" -> Master ", StringComparison.Ordinal), TimeSpan.FromSeconds(15));

        TimeSpan down = VrrpNode.Now;
        Lan[1].Ip("link", "set", "eth0", "down");

        // VI_2 faulting shows the daemon saw the link go down; VI_1 must not follow.
        TimeSpan faulted = _first.WaitForLine(l => l.Contains("VI_2: ", StringComparison.Ordinal) && l.Contains(" -> Fault ", StringComparison.Ordinal), TimeSpan.FromSeconds(5), after: down);
        System.Threading.Thread.Sleep(TimeSpan.FromSeconds(1));
        _first.Output.Should().NotContain("VI_1: Master -> Fault");
        Lan[1].Addresses().Should().Contain("inet 10.99.0.100/24").And.NotContain("10.99.0.101");
        _output.WriteLine($"VI_2 faulted {(faulted - down).TotalMilliseconds:F0} ms after the link went down");
        _first.Terminate();
        _first.WaitForExit(TimeSpan.FromSeconds(10)).Should().Be(0);
    }

    private string WriteConfig(int host, int priority, string extra) =>
        Files.WriteFile($"keepalived-h{host}.conf", $$"""
            global_defs {
                router_id lb{{host}}
                vrrp_mcast_group4 224.0.0.99
            }

            vrrp_instance VI_1 {
                state BACKUP
                interface eth0
                virtual_router_id 51
                priority {{priority}}
                advert_int 1
                virtual_ipaddress {
                    10.98.0.100/24 brd + scope link
                }
            {{extra}}
            }
            """);
}
