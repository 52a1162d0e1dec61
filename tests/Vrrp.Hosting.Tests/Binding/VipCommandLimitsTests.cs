using Vrrp.Config.Options;
using Vrrp.Config.Validation;
using Vrrp.Hosting.Binding;

namespace Vrrp.Hosting.Tests.Binding;

/// <summary>
/// <see cref="VrrpVipCommands"/> (code) and <see cref="VrrpInstanceOptions"/>' <c>Vip*</c> properties (keepalived.conf,
/// flags, appsettings) describe the same commands: their defaults and ranges must agree, or a setting accepted one way
/// in would be refused the other.
/// </summary>
public sealed class VipCommandLimitsTests
{
    [Fact]
    public void Defaults_AreTheSameInCodeAndInTheOptions()
    {
        var options = new VrrpInstanceOptions();
        var commands = new VrrpVipCommands();

        commands.Timeout.Should().Be(options.VipCommandTimeout);
        commands.Retries.Should().Be(options.VipCommandRetries);
        commands.RetryDelay.Should().Be(options.VipCommandRetryDelay);
        commands.BindLocal.Should().Be(options.VipCommandBindLocal);
    }

    [Fact]
    public void Limits_TheLargestValueCodeAcceptsTheOptionsValidatorAcceptsAndOneMoreItRefuses()
    {
        Problems(o => o.VipCommandRetries = VrrpVipCommands.MaxRetries).Should().BeEmpty();
        Problems(o => o.VipCommandRetries = VrrpVipCommands.MaxRetries + 1).Should().ContainSingle().Which.Should().Contain("vip_command_retries");

        Problems(o => o.VipCommandRetryDelay = VrrpVipCommands.MaxRetryDelay).Should().BeEmpty();
        Problems(o => o.VipCommandRetryDelay = VrrpVipCommands.MaxRetryDelay + TimeSpan.FromSeconds(1)).Should().ContainSingle().Which.Should().Contain("vip_command_retry_delay");

        Problems(o => o.VipCommandTimeout = VrrpVipCommands.MaxTimeout).Should().BeEmpty();
        Problems(o => o.VipCommandTimeout = VrrpVipCommands.MaxTimeout + TimeSpan.FromSeconds(1)).Should().ContainSingle().Which.Should().Contain("vip_command_timeout");

        new VrrpVipCommands { InstanceName = "VI_1", Take = "/bin/true", Retries = VrrpVipCommands.MaxRetries + 1 }.Validate().Should().NotBeEmpty();
        new VrrpVipCommands { InstanceName = "VI_1", Take = "/bin/true", Retries = VrrpVipCommands.MaxRetries }.Validate().Should().BeEmpty();
    }

    private static IEnumerable<string> Problems(Action<VrrpInstanceOptions> change)
    {
        var instance = new VrrpInstanceOptions
        {
            Interface = "eth0",
            VirtualRouterId = 51,
            VirtualIpAddresses = { new VirtualIpAddressOptions { Address = "10.0.0.1" } },
            VipTakeCommand = "/bin/true",
        };
        change(instance);
        var options = new VrrpOptions();
        options.Instances["VI_1"] = instance;
        return VrrpOptionsValidator.GetProblems(options).Where(d => d.Severity == Vrrp.Config.Diagnostics.ConfigDiagnosticSeverity.Error).Select(d => d.Message);
    }
}
