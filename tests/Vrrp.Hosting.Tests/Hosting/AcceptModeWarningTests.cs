using Microsoft.Extensions.Logging;

namespace Vrrp.Hosting.Tests.Hosting;

/// <summary><c>no_accept</c> is not enforced (no nftables filter): the host says so at start.</summary>
public sealed class AcceptModeWarningTests : HostedTest
{
    [Theory]
    [InlineData("no_accept", ":4:2: warning: no_accept is not enforced: the virtual addresses accept traffic while master, as with `accept`")]
    [InlineData("strict_mode", "vrrp_instance VI_1: strict_mode / vrrp_strict is not enforced (no firewall rules are installed); the no_accept it implies is not enforced either: the virtual addresses accept traffic while master, as with accept.")]
    [InlineData("accept", null)]
    [InlineData("", null)]
    public async Task Start_InstanceWithoutAcceptMode_LogsThatNoAcceptIsNotEnforced(string line, string? expected)
    {
        string path = Scene.Directory.WriteFile("keepalived.conf", $"vrrp_instance VI_1 {{\n interface eth0\n virtual_router_id 51\n {line}\n virtual_ipaddress {{\n  10.0.0.100/24\n }}\n}}\n");
        await using HostedNode node = HostedNode.Create(Scene.Lan, HostedScene.First, path);

        await node.StartAsync();

        string[] warnings = [.. node.Logs.GetSnapshot().Where(r => r.Level == LogLevel.Warning && r.Message.Contains("no_accept", StringComparison.Ordinal)).Select(r => r.Message)];
        if (expected is null)
        {
            warnings.Should().BeEmpty();
        }
        else
        {
            warnings.Should().ContainSingle().Which.Should().Contain(expected);
        }
    }
}
