using System.Net.Sockets;
using HaproxyFailover;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Vrrp.Hosting.Tests.Samples;

public sealed class HaproxyFailoverSampleTests
{
    [Fact]
    public async Task TcpPortHealthCheck_ListeningPort_IsHealthyAndClosedPort_IsUnhealthy()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var endpoint = (IPEndPoint)listener.LocalEndpoint;
        var check = new TcpPortHealthCheck(endpoint, TimeSpan.FromSeconds(2));

        HealthCheckResult open = await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);
        listener.Stop();
        HealthCheckResult closed = await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);

        open.Status.Should().Be(HealthStatus.Healthy);
        closed.Status.Should().Be(HealthStatus.Unhealthy);
        closed.Description.Should().Contain(endpoint.ToString());
    }

    [Fact]
    public void Configure_SampleAppsettings_BindsAValidInstanceAndTheHaproxyCheck()
    {
        if (!IntegrationPrerequisites.RequireLinux("the sample binds VIPs through Vrrp.Linux"))
        {
            return;
        }

        string path = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        File.Exists(path).Should().BeTrue("the sample's appsettings.json is copied next to the tests");
        IConfiguration configuration = new ConfigurationBuilder().AddJsonFile(path).Build();
        var services = new ServiceCollection();
        services.AddLogging();

        Program.Configure(services, configuration);
        using ServiceProvider provider = services.BuildServiceProvider();

        // Reading the value runs VrrpOptionsValidator: a mistake in the sample's settings throws here.
        VrrpInstanceOptions instance = provider.GetRequiredService<IOptions<VrrpOptions>>().Value.Instances["VI_1"];
        instance.VirtualRouterId.Should().Be(51);
        instance.Priority.Should().Be(100);
        instance.VirtualIpAddresses.Select(a => a.Address).Should().Equal("192.168.1.100/24");
        provider.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations.Select(r => r.Name).Should().Contain(["haproxy", "haproxy-frontend"]);
        provider.GetRequiredService<HaproxyFailover.Supervision.HaproxyInstanceName>().Name.Should().Be("VI_1");
        provider.GetRequiredService<HaproxyOptions>().CheckTimeout.Should().Be(TimeSpan.FromMilliseconds(200), "the timeout is stated in appsettings.json");
    }

    [Fact]
    public void Configure_KeepalivedConf_TakesTheInstanceFromTheFile()
    {
        if (!IntegrationPrerequisites.RequireLinux("the sample binds VIPs through Vrrp.Linux"))
        {
            return;
        }

        string conf = RepositoryFiles.Find("tests", "config-corpus", "haproxy-master.conf");
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["KeepalivedConfig"] = conf, ["Haproxy:HealthUrl"] = "tcp://127.0.0.1:8404" })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();

        Program.Configure(services, configuration);
        using ServiceProvider provider = services.BuildServiceProvider();

        provider.GetRequiredService<HaproxyFailover.Supervision.HaproxyInstanceName>().Name.Should().Be("VI_1");
        provider.GetRequiredService<HaproxyFailover.Supervision.IHaproxyProbe>().Should().BeOfType<TcpPortHealthCheck>();
    }

    [Fact]
    public void Configure_SeveralInstancesAndNoneNamed_SaysToNameOne()
    {
        if (!IntegrationPrerequisites.RequireLinux("the sample binds VIPs through Vrrp.Linux"))
        {
            return;
        }

        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Vrrp:Instances:VI_1:VirtualRouterId"] = "51", ["Vrrp:Instances:VI_2:VirtualRouterId"] = "52" })
            .Build();

        InvalidOperationException? thrown = null;
        try
        {
            Program.Configure(new ServiceCollection(), configuration);
        }
        catch (InvalidOperationException ex)
        {
            thrown = ex;
        }

        thrown.Should().NotBeNull();
        thrown!.Message.Should().Match("set Haproxy:Instance*(the configuration has 2: VI_1, VI_2)");
    }
}
