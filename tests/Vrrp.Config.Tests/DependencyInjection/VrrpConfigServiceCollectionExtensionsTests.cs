using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Vrrp.Packets;

namespace Vrrp.Config.Tests.DependencyInjection;

public sealed class VrrpConfigServiceCollectionExtensionsTests
{
    private const string AppSettings = """
        {
          "Vrrp": {
            "GlobalDefinitions": { "RouterId": "lb1", "VrrpVersion": "V3", "EnableScriptSecurity": true },
            "Scripts": {
              "chk_haproxy": { "Script": "killall -0 haproxy", "Interval": "00:00:02", "Weight": -4 }
            },
            "Instances": {
              "VI_1": {
                "State": "Master",
                "Interface": "eth0",
                "VirtualRouterId": 51,
                "Priority": 100,
                "AdvertisementInterval": "00:00:00.5",
                "VirtualIpAddresses": [ { "Address": "192.168.1.100/24", "Device": "eth0" } ],
                "TrackScripts": [ { "Script": "chk_haproxy", "Weight": -10 } ],
                "UnicastPeers": [ { "Address": "192.168.1.12" } ]
              }
            }
          }
        }
        """;

    private static IConfiguration Json(string json) =>
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();

    [Fact]
    public void AddVrrpOptions_BindsAppSettings()
    {
        var services = new ServiceCollection();
        services.AddVrrpOptions(Json(AppSettings).GetSection("Vrrp"));
        using ServiceProvider provider = services.BuildServiceProvider();

        VrrpOptions options = provider.GetRequiredService<IOptions<VrrpOptions>>().Value;

        options.GlobalDefinitions.RouterId.Should().Be("lb1");
        options.GlobalDefinitions.VrrpVersion.Should().Be(VrrpVersion.V3);
        options.Scripts["chk_haproxy"].Interval.Should().Be(TimeSpan.FromSeconds(2));
        options.Scripts["chk_haproxy"].Weight.Should().Be(-4);
        VrrpInstanceOptions instance = options.Instances["VI_1"];
        instance.State.Should().Be(VrrpInitialState.Master);
        instance.VirtualRouterId.Should().Be(51);
        instance.AdvertisementInterval.Should().Be(TimeSpan.FromMilliseconds(500));
        instance.VirtualIpAddresses.Single().Device.Should().Be("eth0");
        instance.TrackScripts.Single().Weight.Should().Be(-10);
        instance.UnicastPeers.Single().Address.Should().Be("192.168.1.12");
        instance.Preempt.Should().BeTrue();
    }

    [Fact]
    public void AddVrrpOptions_InvalidAppSettings_FailWithEveryError()
    {
        string json = AppSettings.Replace("\"VirtualRouterId\": 51", "\"VirtualRouterId\": 0", StringComparison.Ordinal)
            .Replace("\"Priority\": 100", "\"Priority\": 300", StringComparison.Ordinal);
        var services = new ServiceCollection();
        services.AddVrrpOptions(Json(json).GetSection("Vrrp"));
        using ServiceProvider provider = services.BuildServiceProvider();

        Action read = () => _ = provider.GetRequiredService<IOptions<VrrpOptions>>().Value;

        read.Should().Throw<OptionsValidationException>().Which.Failures.Should().HaveCount(2)
            .And.Contain(f => f.Contains("virtual_router_id", StringComparison.Ordinal))
            .And.Contain(f => f.Contains("priority 300", StringComparison.Ordinal));
    }

    [Fact]
    public void AddVrrpKeepalivedConfig_ReadsTheFile()
    {
        var services = new ServiceCollection();
        services.AddVrrpKeepalivedConfig(ConfigCorpus.PathOf("haproxy-backup.conf"));
        using ServiceProvider provider = services.BuildServiceProvider();

        VrrpOptions options = provider.GetRequiredService<IOptions<VrrpOptions>>().Value;

        options.Instances["VI_1"].Priority.Should().Be(50);
        options.Scripts.Keys.Should().Equal("chk_haproxy");
    }

    [Fact]
    public void AddVrrpKeepalivedConfig_FileWithErrors_FailsValidationWithPositions()
    {
        using var directory = new TempDirectory();
        string path = directory.Write("keepalived.conf", "vrrp_instance VI_1 {\n interface eth0\n virtual_ipaddress {\n  10.0.0.1\n }\n");
        var services = new ServiceCollection();
        services.AddVrrpKeepalivedConfig(path);
        using ServiceProvider provider = services.BuildServiceProvider();

        Action read = () => _ = provider.GetRequiredService<IOptions<VrrpOptions>>().Value;

        read.Should().Throw<OptionsValidationException>().Which.Failures.Should()
            .Contain(f => f.StartsWith(path + ":1:20: error:", StringComparison.Ordinal))
            .And.Contain(f => f.Contains("virtual_router_id", StringComparison.Ordinal));
    }
}
