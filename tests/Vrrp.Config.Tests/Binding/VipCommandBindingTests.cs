using Vrrp.Config.Options;
using Vrrp.Config.Validation;
using Vrrp.TestSupport.KeepalivedConf;

namespace Vrrp.Config.Tests.Binding;

public sealed class VipCommandBindingTests
{
    private static KeepalivedConfigResult Instance(string body) =>
        KeepalivedConfigReader.ReadText(OneInstanceConf.With(body), "k.conf");

    [Fact]
    public void Bind_EveryVipCommandKeyword_SetsItsOption()
    {
        KeepalivedConfigResult result = Instance(
            "    vip_take_command \"/usr/local/bin/eip take\"\n    vip_release_command /usr/local/bin/eip release --force\n" +
            "    vip_confirm_command /usr/local/bin/eip-check\n    vip_command_timeout 2.5\n    vip_command_retries 5\n" +
            "    vip_command_retry_delay 0.5\n    vip_command_bind_local\n");

        result.Diagnostics.Should().BeEmpty();
        VrrpInstanceOptions instance = result.Options.Instances["VI_1"];
        instance.VipTakeCommand.Should().Be("/usr/local/bin/eip take");
        instance.VipReleaseCommand.Should().Be("/usr/local/bin/eip release --force");
        instance.VipConfirmCommand.Should().Be("/usr/local/bin/eip-check");
        instance.VipCommandTimeout.Should().Be(TimeSpan.FromSeconds(2.5));
        instance.VipCommandRetries.Should().Be(5);
        instance.VipCommandRetryDelay.Should().Be(TimeSpan.FromSeconds(0.5));
        instance.VipCommandBindLocal.Should().BeTrue();
    }

    [Fact]
    public void Bind_NoVipCommandKeywords_LeavesTheDefaults()
    {
        VrrpInstanceOptions instance = Instance(string.Empty).Options.Instances["VI_1"];

        instance.VipTakeCommand.Should().BeNull();
        instance.VipCommandTimeout.Should().Be(TimeSpan.FromSeconds(10));
        instance.VipCommandRetries.Should().Be(3);
        instance.VipCommandRetryDelay.Should().Be(TimeSpan.FromSeconds(1));
        instance.VipCommandBindLocal.Should().BeFalse();
    }

    [Fact]
    public void Validate_ReleaseWithoutTake_IsAnErrorAtTheReleaseLine()
    {
        KeepalivedConfigResult result = Instance("    vip_release_command /bin/true\n");

        ConfigDiagnostic error = result.Diagnostics.Should().ContainSingle().Subject;
        error.Severity.Should().Be(ConfigDiagnosticSeverity.Error);
        error.Code.Should().Be(ConfigDiagnosticCodes.Required);
        error.Message.Should().Contain("vip_release_command without vip_take_command");
        error.Span.Should().NotBeNull();
        error.Span!.Value.Line.Should().Be(4);
        error.Span!.Value.Column.Should().Be(25);
        error.ToString().Should().StartWith("k.conf:4:25: error");
    }

    [Fact]
    public void Validate_ConfirmWithoutTake_IsAnError()
    {
        KeepalivedConfigResult result = Instance("    vip_confirm_command /bin/true\n");

        result.Diagnostics.Should().ContainSingle(d => d.Severity == ConfigDiagnosticSeverity.Error && d.Message.Contains("vip_confirm_command without vip_take_command"));
    }

    [Theory]
    [InlineData("vip_command_timeout 0", "vip_command_timeout")]
    [InlineData("vip_command_timeout 3601", "vip_command_timeout")]
    [InlineData("vip_command_retries 101", "vip_command_retries")]
    [InlineData("vip_command_retry_delay 61", "vip_command_retry_delay")]
    public void Bind_ValueOutOfRange_IsReportedAtItsLine(string line, string keyword)
    {
        KeepalivedConfigResult result = Instance($"    vip_take_command /bin/true\n    {line}\n");

        ConfigDiagnostic problem = result.Diagnostics.Should().ContainSingle().Subject;
        problem.Message.Should().Contain(keyword);
        problem.Span!.Value.Line.Should().Be(5);
    }

    [Fact]
    public void Validate_OutOfRangeInCode_IsAnErrorAtTheOptionPath()
    {
        var options = new VrrpOptions();
        var instance = new VrrpInstanceOptions { Interface = "eth0", VirtualRouterId = 51, VipTakeCommand = "/bin/true", VipCommandTimeout = TimeSpan.Zero, VipCommandRetries = -1 };
        instance.VirtualIpAddresses.Add(new VirtualIpAddressOptions { Address = "192.0.2.10" });
        options.Instances["VI_1"] = instance;

        ValidatedVrrpOptions validated = VrrpOptionsValidator.Check(options);

        validated.Diagnostics.Where(d => d.Severity == ConfigDiagnosticSeverity.Error).Select(d => d.OptionPath)
            .Should().BeEquivalentTo("Instances:VI_1:VipCommandTimeout", "Instances:VI_1:VipCommandRetries");
        validated.Instances.Should().BeEmpty();
    }

    [Fact]
    public void Validate_UnterminatedQuoteInTheTakeCommand_IsAnError()
    {
        var options = new VrrpOptions();
        var instance = new VrrpInstanceOptions { Interface = "eth0", VirtualRouterId = 51, VipTakeCommand = "/bin/eip \"take" };
        instance.VirtualIpAddresses.Add(new VirtualIpAddressOptions { Address = "192.0.2.10" });
        options.Instances["VI_1"] = instance;

        VrrpOptionsValidator.Check(options).Diagnostics.Should().ContainSingle(d => d.OptionPath == "Instances:VI_1:VipTakeCommand" && d.Code == ConfigDiagnosticCodes.InvalidValue);
    }
}
