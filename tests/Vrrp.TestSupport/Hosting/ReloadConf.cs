namespace Vrrp.TestSupport.Hosting;

/// <summary>keepalived.conf text for the reload tests: instances on eth0 with advert_int 1, and sync groups.</summary>
internal static class ReloadConf
{
    /// <summary>A <c>vrrp_instance</c> block; <paramref name="extra"/> lines go before its virtual_ipaddress block.</summary>
    public static string Instance(string name, int vrid, int priority, string[] vips, string extra = "", string @interface = "eth0") => $$"""
        vrrp_instance {{name}} {
            state {{(priority >= 100 ? "MASTER" : "BACKUP")}}
            interface {{@interface}}
            virtual_router_id {{vrid}}
            priority {{priority}}
            advert_int 1
            {{extra}}
            virtual_ipaddress {
                {{string.Join("\n        ", vips)}}
            }
        }

        """;

    /// <summary>A <c>vrrp_sync_group</c> block.</summary>
    public static string Group(string name, params string[] members) => $$"""
        vrrp_sync_group {{name}} {
            group {
                {{string.Join("\n        ", members)}}
            }
        }

        """;
}
