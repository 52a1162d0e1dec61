using System.Net;
using System.Runtime.Versioning;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Vrrp.Linux;

namespace HaproxyFailover;

/// <summary>
/// The classic HAProxy active/passive pair, as a .NET host instead of keepalived: the VIP follows the node whose
/// HAProxy accepts connections. The VRRP instance comes from appsettings.json ("Vrrp" section, the same shape
/// `vrrp check-config --json` prints for a keepalived.conf); HAProxy's health is a TCP check with weight -60, so a
/// MASTER at 100 whose HAProxy stops drops to 40, below the BACKUP's 50, and the VIP moves.
/// </summary>
[SupportedOSPlatform("linux")] // it binds VIPs through Vrrp.Linux; the health check itself runs anywhere
internal static class Program
{
    public static void Main(string[] args)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);
        Configure(builder.Services, builder.Configuration);
        builder.Build().Run();
    }

    internal static void Configure(IServiceCollection services, IConfiguration configuration)
    {
        IConfigurationSection haproxy = configuration.GetSection("Haproxy");
        var endpoint = IPEndPoint.Parse(haproxy["Endpoint"] ?? "127.0.0.1:80");
        TimeSpan timeout = TimeSpan.FromMilliseconds(haproxy.GetValue("TimeoutMilliseconds", 500));

        services.AddHealthChecks().AddCheck("haproxy", new TcpPortHealthCheck(endpoint, timeout));
        services.AddVrrpOptions(configuration.GetSection("Vrrp"));
        services.AddVrrp()
            .UsePlatform(new LinuxVrrpPlatform())
            .AddHealthCheckTracking("VI_1", "haproxy", weight: -60)
            .AddInstanceHealthCheck();
    }
}
