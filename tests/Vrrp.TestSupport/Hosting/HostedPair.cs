namespace Vrrp.TestSupport.Hosting;

/// <summary>
/// The keepalived.conf of the hosted pair tests: VI_1, VRID 51, advert_int 1, VIP 10.0.0.100/24; priority 100 is
/// the MASTER, any other the BACKUP.
/// </summary>
internal static class HostedPair
{
    /// <summary>Writes node-PRIORITY.conf into <paramref name="directory"/> and returns its path.</summary>
    public static string Write(TempDirectory directory, int priority, string extra = "") =>
        directory.WriteFile($"node-{priority}.conf", Instance(priority, extra));

    /// <summary>Gets the instance block, with <paramref name="extra"/> lines before its virtual_ipaddress block.</summary>
    public static string Instance(int priority, string extra = "") => $$"""
        vrrp_instance VI_1 {
            state {{(priority == 100 ? "MASTER" : "BACKUP")}}
            interface eth0
            virtual_router_id 51
            priority {{priority}}
            advert_int 1
            {{extra}}
            virtual_ipaddress {
                10.0.0.100/24
            }
        }
        """;
}
