using Vrrp.Config;

namespace Vrrp.TestSupport.KeepalivedConf;

/// <summary>A keepalived.conf of one instance (VI_1 on eth0, VRID 51, VIP 192.168.1.100) with the lines under test.</summary>
internal static class OneInstanceConf
{
    /// <summary>Returns the file with <paramref name="body"/> (whole lines, each ending in a newline) inside the instance.</summary>
    public static string With(string body) =>
        "vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 51\n" + body + "    virtual_ipaddress {\n        192.168.1.100\n    }\n}\n";

    /// <summary>Reads the file with <paramref name="body"/> inside the instance, as <c>k.conf</c> (so messages read <c>k.conf:LINE:COL</c>).</summary>
    public static KeepalivedConfigResult Read(string body) => KeepalivedConfigReader.ReadText(With(body), "k.conf");
}
