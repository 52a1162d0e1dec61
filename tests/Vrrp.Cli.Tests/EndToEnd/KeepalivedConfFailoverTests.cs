
namespace Vrrp.Cli.Tests.EndToEnd;

/// <summary>
/// Two <c>vrrp run -f keepalived.conf</c> daemons on a network-namespace LAN, with the classic HAProxy pair
/// configuration (MASTER priority 100, BACKUP priority 50, a tracked script with weight -60), checked from outside
/// with <c>ip addr</c> and the notify script's log.
/// </summary>
public sealed class KeepalivedConfFailoverTests(ITestOutputHelper output) : VrrpRunPairTest(output, hostCount: 2)
{
    [Fact]
    public void RunFile_MastersTrackedScriptStartsFailing_VipMovesToBackupAndNotifyMasterRunsThere()
    {
        string notifyLog = Files.Combine("notify.log");
        string notify = Files.WriteScript("notify.sh", $"echo \"$1 $2\" >> {notifyLog}");
        string first = WriteConfig(1, "MASTER", 100, notify);
        string second = WriteConfig(2, "BACKUP", 50, notify);

        // The backup starts once the master is elected: started together, a slower start of the master on a loaded
        // machine lets the backup's down timer (3.8 s) run out before the master's (3.6 s), and the notify log then
        // holds an extra "h2 MASTER" that this test is not about.
        StartMasterThenBackup([], ["-f", first], ["-f", second], TimeSpan.FromSeconds(15));
        AssertVipOnlyOn(1);

        // HAProxy "dies" on the master: its check fails at the next interval, 100 - 60 = 40 < 50, the backup preempts.
        TimeSpan failed = VrrpNode.Now;
        File.Delete(Files.Combine("h1-healthy"));
        TimeSpan takeover = _second.WaitForState("Master", TimeSpan.FromSeconds(15), after: failed);
        _first.WaitForState("Backup", TimeSpan.FromSeconds(5), after: failed);
        _output.WriteLine($"check failing -> backup master: {(takeover - failed).TotalMilliseconds:F0} ms (interval 1 s + Master_Down_Interval 3.8 s at most)");

        (takeover - failed).Should().BeLessThan(TimeSpan.FromSeconds(6));
        _first.Output.Should().Contain("priority=40").And.Contain("chk_haproxy failing");
        AssertVipOnlyOn(2);
        _second.WaitForLine(l => l.Contains("notify #", StringComparison.Ordinal) && l.Contains("MASTER", StringComparison.Ordinal), TimeSpan.FromSeconds(5), after: failed);
        File.ReadAllLines(notifyLog).Should().Equal("h1 MASTER", "h2 MASTER");

        _second.Terminate();
        _second.WaitForExit(TimeSpan.FromSeconds(10)).Should().Be(0);
        _first.Terminate();
        _first.WaitForExit(TimeSpan.FromSeconds(10)).Should().Be(0);
        Lan[2].Addresses().Should().NotContain("10.99.0.100", "a clean stop releases the VIP");
    }

    private string WriteConfig(int host, string state, int priority, string notify)
    {
        string healthy = Files.WriteFile($"h{host}-healthy", string.Empty);
        return Files.WriteFile($"keepalived-h{host}.conf", $$"""
            ! The classic keepalived + HAProxy pair (lb{{host}})
            global_defs {
                router_id lb{{host}}
                enable_script_security
                script_user root
            }

            vrrp_script chk_haproxy {
                script "test -f {{healthy}}"
                interval 1
                weight -60
            }

            vrrp_instance VI_1 {
                state {{state}}
                interface eth0
                virtual_router_id 51
                priority {{priority}}
                advert_int 1
                authentication {
                    auth_type PASS
                    auth_pass 1111
                }
                virtual_ipaddress {
                    10.99.0.100/24
                }
                track_script {
                    chk_haproxy
                }
                notify_master "{{notify}} h{{host}} MASTER"
            }
            """);
    }
}
