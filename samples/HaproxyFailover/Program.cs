using System.Net;
using System.Runtime.Versioning;
using HaproxyFailover.Supervision;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vrrp.Config;
using Vrrp.Linux;

namespace HaproxyFailover;

/// <summary>
/// The classic HAProxy active/passive pair, as a .NET host instead of keepalived + <c>check_haproxy.sh</c>: it runs
/// HAProxy itself (or adopts the one its pid file names), restarts it the moment it exits, and when HAProxy cannot be
/// kept running it leaves the VRRP election at once (priority-0 advert), rejoining when HAProxy runs again. HAProxy is
/// also checked through its frontend (HTTP or TCP, with an explicit timeout). The VRRP instance comes from the same
/// keepalived.conf <c>vrrp run -f</c> reads (<c>-f FILE</c>), or from appsettings.json ("Vrrp" section). The VIP lease
/// is on: a host killed with <c>kill -9</c> loses its VIP by itself.
/// </summary>
[SupportedOSPlatform("linux")] // it binds VIPs through Vrrp.Linux and watches processes with pidfds
internal static class Program
{
    public static void Main(string[] args)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);
        builder.Configuration.AddCommandLine(args, new Dictionary<string, string> { ["-f"] = "KeepalivedConfig" });
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        Configure(builder.Services, builder.Configuration);
        builder.Build().Run();
    }

    internal static void Configure(IServiceCollection services, IConfiguration configuration)
    {
        HaproxyOptions haproxy = configuration.GetSection("Haproxy").Get<HaproxyOptions>() ?? new HaproxyOptions();
        string? keepalivedConf = configuration["KeepalivedConfig"];
        string instance = haproxy.Instance ?? OnlyInstance(keepalivedConf, configuration);
        IHaproxyProbe frontend = CreateProbe(haproxy);

        services.AddSingleton(haproxy);
        services.AddSingleton(new HaproxyInstanceName(instance));
        services.AddSingleton(frontend);
        services.AddSingleton<IHaproxyLauncher, HaproxyLauncher>();
        services.AddSingleton(sp => new HaproxySupervisor(
            sp.GetRequiredService<IHaproxyLauncher>(), frontend, haproxy, TimeProvider.System, sp.GetRequiredService<ILogger<HaproxySupervisor>>(), new HaproxyConfigCheck(haproxy)));
        services.AddHostedService<HaproxySupervisorService>();

        services.AddHealthChecks()
            .Add(new HealthCheckRegistration(HaproxyOptions.ProcessCheckName, sp => new HaproxyProcessHealthCheck(sp.GetRequiredService<HaproxySupervisor>()), null, null))
            .Add(new HealthCheckRegistration(HaproxyOptions.FrontendCheckName, sp => new SupervisedFrontendHealthCheck(sp.GetRequiredService<HaproxySupervisor>(), frontend), null, null));

        IVrrpBuilder vrrp = services.AddVrrp(o => o.UseVipLease = true);
        if (keepalivedConf is not null)
        {
            vrrp.AddKeepalivedConfig(keepalivedConf);
        }
        else
        {
            services.AddVrrpOptions(configuration.GetSection("Vrrp"));
        }

        // Weight 0: a failing item puts the instance in Fault, and a master leaves with a priority-0 advert (the backup
        // takes over after its Skew_Time), where keepalived's weight -N waits out the backup's Master_Down_Interval.
        vrrp.UsePlatform(new LinuxVrrpPlatform())
            .AddHealthCheckTracking(instance, HaproxyOptions.ProcessCheckName, weight: 0, t =>
            {
                t.Interval = TimeSpan.FromSeconds(1);
                t.Timeout = TimeSpan.FromSeconds(1);
            })
            .AddHealthCheckTracking(instance, HaproxyOptions.FrontendCheckName, weight: 0, t =>
            {
                t.Interval = haproxy.CheckInterval;
                t.Timeout = haproxy.CheckTimeout;
                t.Fall = haproxy.Fall;
                t.Rise = haproxy.Rise;
            })
            .AddInstanceHealthCheck();
    }

    internal static IHaproxyProbe CreateProbe(HaproxyOptions haproxy)
    {
        var url = new Uri(haproxy.HealthUrl, UriKind.Absolute);
        return url.Scheme switch
        {
            "http" or "https" => new HttpFrontendHealthCheck(url, haproxy.CheckTimeout),
            "tcp" => new TcpPortHealthCheck(new IPEndPoint(IPAddress.Parse(url.Host.Trim('[', ']')), url.Port), haproxy.CheckTimeout),
            _ => throw new InvalidOperationException($"Haproxy:HealthUrl {haproxy.HealthUrl}: use http://HOST:PORT/PATH or tcp://HOST:PORT"),
        };
    }

    /// <summary>The one VRRP instance of the keepalived.conf or the "Vrrp" section; with several, Haproxy:Instance must name one.</summary>
    private static string OnlyInstance(string? keepalivedConf, IConfiguration configuration)
    {
        IReadOnlyList<string> names = keepalivedConf is not null
            ? [.. KeepalivedConfigReader.Read(keepalivedConf).Options.Instances.Keys]
            : [.. configuration.GetSection("Vrrp:Instances").GetChildren().Select(c => c.Key)];
        return names.Count == 1 ? names[0]
            : throw new InvalidOperationException($"set Haproxy:Instance to the VRRP instance HAProxy's health moves (the configuration has {names.Count}: {string.Join(", ", names)})");
    }
}
