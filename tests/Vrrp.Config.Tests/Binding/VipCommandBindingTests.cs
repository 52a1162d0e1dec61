namespace Vrrp.Config.Tests.Binding;

public sealed class VipCommandBindingTests
{
    [Fact]
    public void Bind_EveryVipCommandKeyword_SetsItsOption()
    {
        KeepalivedConfigResult result = OneInstanceConf.Read(
            "    vip_take_command \"/usr/local/bin/eip take\"\n    vip_release_command /usr/local/bin/eip release --force\n" +
            "    vip_confirm_command /usr/local/bin/eip-check\n    vip_command_timeout 2.5\n    vip_command_retries 5\n" +
            "    vip_command_retry_delay 0.5\n    vip_command_bind_local\n");

        result.Diagnostics.Should().BeEmpty();
        VrrpInstanceOptions instance = result.Options.Instances["VI_1"];
        instance.VipCommands.Should().BeEquivalentTo(new VrrpVipCommandOptions
        {
            Take = "/usr/local/bin/eip take",
            Release = "/usr/local/bin/eip release --force",
            Confirm = "/usr/local/bin/eip-check",
            Timeout = TimeSpan.FromSeconds(2.5),
            Retries = 5,
            RetryDelay = TimeSpan.FromSeconds(0.5),
            BindLocal = true,
        });
    }

    [Fact]
    public void Bind_NoVipCommandKeywords_LeavesNoCommands()
    {
        OneInstanceConf.Read(string.Empty).Options.Instances["VI_1"].VipCommands.Should().BeNull();
    }

    [Fact]
    public void Bind_OnlyATimeout_KeepsTheOtherDefaults()
    {
        VrrpVipCommandOptions? commands = OneInstanceConf.Read("    vip_take_command /bin/true\n    vip_command_timeout 2\n").Options.Instances["VI_1"].VipCommands;

        // 3 retries from 1 s, bound by command alone: the defaults keepalived.conf, flags, appsettings and code share.
        commands.Should().BeEquivalentTo(new { Take = "/bin/true", Timeout = TimeSpan.FromSeconds(2), Retries = 3, RetryDelay = TimeSpan.FromSeconds(1), BindLocal = false });
    }

    [Fact]
    public void Validate_ReleaseWithoutTake_IsAnErrorAtTheReleaseLine()
    {
        KeepalivedConfigResult result = OneInstanceConf.Read("    vip_release_command /bin/true\n");

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
        KeepalivedConfigResult result = OneInstanceConf.Read("    vip_confirm_command /bin/true\n");

        result.Diagnostics.Should().ContainSingle(d => d.Severity == ConfigDiagnosticSeverity.Error && d.Message.Contains("vip_confirm_command without vip_take_command"));
    }

    [Theory]
    [InlineData("vip_command_timeout 0", "vip_command_timeout")]
    [InlineData("vip_command_timeout 3601", "vip_command_timeout")]
    [InlineData("vip_command_retries 101", "vip_command_retries")]
    [InlineData("vip_command_retry_delay 61", "vip_command_retry_delay")]
    public void Bind_ValueOutOfRange_IsReportedAtItsLine(string line, string keyword)
    {
        KeepalivedConfigResult result = OneInstanceConf.Read($"    vip_take_command /bin/true\n    {line}\n");

        ConfigDiagnostic problem = result.Diagnostics.Should().ContainSingle().Subject;
        problem.Message.Should().Contain(keyword);
        problem.Span!.Value.Line.Should().Be(5);
    }

    [Fact]
    public void Validate_OutOfRangeInCode_IsAnErrorAtTheOptionPath()
    {
        var options = new VrrpOptions();
        var instance = new VrrpInstanceOptions { Interface = "eth0", VirtualRouterId = 51, VipCommands = new() { Take = "/bin/true", Timeout = TimeSpan.Zero, Retries = -1 } };
        instance.VirtualIpAddresses.Add(new VirtualIpAddressOptions { Address = "192.0.2.10" });
        options.Instances["VI_1"] = instance;

        ValidatedVrrpOptions validated = VrrpOptionsValidator.Check(options);

        validated.Diagnostics.Where(d => d.Severity == ConfigDiagnosticSeverity.Error).Select(d => d.OptionPath)
            .Should().BeEquivalentTo("Instances:VI_1:VipCommands:Timeout", "Instances:VI_1:VipCommands:Retries");
        validated.Instances.Should().BeEmpty();
    }

    [Fact]
    public void Validate_UnterminatedQuoteInTheTakeCommand_IsAnError()
    {
        var options = new VrrpOptions();
        var instance = new VrrpInstanceOptions { Interface = "eth0", VirtualRouterId = 51, VipCommands = new() { Take = "/bin/eip \"take" } };
        instance.VirtualIpAddresses.Add(new VirtualIpAddressOptions { Address = "192.0.2.10" });
        options.Instances["VI_1"] = instance;

        VrrpOptionsValidator.Check(options).Diagnostics.Should().ContainSingle(d => d.OptionPath == "Instances:VI_1:VipCommands:Take" && d.Code == ConfigDiagnosticCodes.InvalidValue);
    }

    [Theory]
    [InlineData("", 10, 3, 1, "VIP commands need a take command")]
    [InlineData("take", 0, 3, 1, "vip_command_timeout is from 0.01 s to 3600 s")]
    [InlineData("take", 10, -1, 1, "vip_command_retries is from 0 to 100")]
    [InlineData("take", 10, 3, 61, "vip_command_retry_delay is from 0 s to 60 s")]
    [InlineData("take \"open", 10, 3, 1, "vip_take_command is not a command line")]
    public void GetProblems_CommandsSetInCode_AreCheckedByTheSameRules(string take, double timeout, int retries, double delay, string problem)
    {
        var commands = new VrrpVipCommandOptions { Take = take, Timeout = TimeSpan.FromSeconds(timeout), Retries = retries, RetryDelay = TimeSpan.FromSeconds(delay) };

        ConfigDiagnostic error = VrrpOptionsValidator.GetProblems("VI_1", commands).Should().ContainSingle().Subject;
        error.Message.Should().Contain("vrrp_instance VI_1").And.Contain(problem);
        error.OptionPath.Should().StartWith("Instances:VI_1:VipCommands:");
    }

    [Fact]
    public void GetProblems_TheLimitsInCode_AreTheLimitsOfTheKeywords()
    {
        VrrpOptionsValidator.GetProblems("VI_1", new VrrpVipCommandOptions { Take = "/bin/true", Retries = VrrpOptionLimits.MaxVipCommandRetries, RetryDelay = VrrpOptionLimits.MaxVipCommandRetryDelay, Timeout = VrrpOptionLimits.MaxVipCommandTimeout })
            .Should().BeEmpty();
        VrrpOptionsValidator.GetProblems("VI_1", new VrrpVipCommandOptions { Take = "/bin/true", Retries = VrrpOptionLimits.MaxVipCommandRetries + 1 })
            .Should().ContainSingle().Which.OptionPath.Should().Be("Instances:VI_1:VipCommands:Retries");
    }
}
