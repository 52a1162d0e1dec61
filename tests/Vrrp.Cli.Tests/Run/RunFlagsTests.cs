using System.CommandLine;
using Command = System.CommandLine.Command;
using Vrrp.Cli.Hosting;
using Vrrp.Config;
using Vrrp.Config.Diagnostics;
using Vrrp.Config.Options;
using Vrrp.Config.Validation;
using Vrrp.Hosting.Configuration;
using Vrrp.Packets;

namespace Vrrp.Cli.Tests.Run;

/// <summary><c>vrrp run</c> with flags builds the options a one-instance keepalived.conf gives, checked by the same validator.</summary>
public sealed class RunFlagsTests
{
    [Fact]
    public void Apply_DefaultFlags_MapToKeepalivedDefaults()
    {
        VrrpInstancePlan plan = Plan("-i", "eth0", "--vrid", "5", "--vip", "10.0.0.1/24");

        plan.Name.Should().Be("VI_5");
        plan.Settings.InterfaceName.Should().Be("eth0");
        plan.Settings.Priority.Should().Be(100);
        plan.Settings.Version.Should().Be(VrrpVersion.V2, "keepalived's default for IPv4");
        plan.Settings.AdvertInterval.Should().Be(TimeSpan.FromSeconds(1));
        plan.Settings.Preempt.Should().BeTrue();
        plan.Settings.PreemptDelay.Should().Be(TimeSpan.Zero);
        plan.Settings.AuthType.Should().Be(VrrpAuthType.None);
        plan.Announcement.Delay.Should().Be(TimeSpan.FromSeconds(5));
        plan.Announcement.Repeat.Should().Be(5);
        plan.Announcement.RefreshInterval.Should().Be(TimeSpan.Zero);
        plan.Announcement.UseVirtualMac.Should().BeFalse();
    }

    [Fact]
    public void Apply_EveryFlag_MapsToItsOption()
    {
        VrrpInstancePlan plan = Plan(
            "-i", "eth1", "--vrid", "9", "--priority", "150", "--vip", "10.0.0.1/24", "--vip", "10.0.0.2", "--version", "3",
            "--advert-interval", "0.2", "--unicast-src", "10.0.0.11", "--unicast-peer", "10.0.0.12", "--nopreempt", "--preempt-delay", "2.5",
            "--name", "web", "--garp-master-delay", "0", "--garp-master-repeat", "3", "--garp-master-refresh", "60",
            "--use-vmac", "vmac9", "--vmac-xmit-base");

        plan.Name.Should().Be("web");
        plan.Settings.InterfaceName.Should().Be("eth1");
        plan.Settings.VirtualRouterId.Should().Be(9);
        plan.Settings.Priority.Should().Be(150);
        plan.Settings.VirtualAddresses.Should().HaveCount(2);
        plan.Settings.Version.Should().Be(VrrpVersion.V3);
        plan.Settings.AdvertInterval.Should().Be(TimeSpan.FromMilliseconds(200));
        plan.Settings.PrimaryAddress.ToString().Should().Be("10.0.0.11");
        plan.Settings.UnicastPeers.Should().ContainSingle().Which.ToString().Should().Be("10.0.0.12");
        plan.Settings.Preempt.Should().BeFalse();
        plan.Settings.PreemptDelay.Should().Be(TimeSpan.FromSeconds(2.5));
        plan.Announcement.Delay.Should().Be(TimeSpan.Zero);
        plan.Announcement.Repeat.Should().Be(3);
        plan.Announcement.LowerPriorityRepeat.Should().Be(3, "lower-priority announcements follow --garp-master-repeat");
        plan.Announcement.RefreshInterval.Should().Be(TimeSpan.FromMinutes(1));
        plan.Announcement.UseVirtualMac.Should().BeTrue();
        plan.Announcement.VirtualMacInterfaceName.Should().Be("vmac9");
        plan.Announcement.VirtualMacTransmitBase.Should().BeTrue();
    }

    [Fact]
    public void Apply_Ipv6AndPassword_Version3ByDefaultAndSimpleTextForV2()
    {
        Plan("-i", "eth0", "--vrid", "5", "--vip", "fd00::10/64").Settings.Version.Should().Be(VrrpVersion.V3);
        VrrpInstancePlan v2 = Plan("-i", "eth0", "--vrid", "5", "--vip", "10.0.0.1", "--auth-pass", "secret");
        v2.Settings.AuthType.Should().Be(VrrpAuthType.SimpleText);
        v2.Settings.AuthPassword.Should().Be("secret");
        Plan("-i", "eth0", "--vrid", "5", "--vip", "10.0.0.1", "--use-vmac").Announcement.Should().Match<Vrrp.Platform.VrrpAnnouncementSettings>(a => a.UseVirtualMac && a.VirtualMacInterfaceName == null);
    }

    [Fact]
    public void Apply_VipCommandFlags_MapToTheInstancesVipCommands()
    {
        VrrpInstancePlan plan = Plan(
            "-i", "eth0", "--vrid", "5", "--vip", "10.0.0.1", "--vip-take", "/usr/bin/eip take", "--vip-release", "/usr/bin/eip release",
            "--vip-confirm", "/usr/bin/eip check", "--vip-command-timeout", "2.5", "--vip-command-retries", "0", "--vip-command-retry-delay", "0.5", "--vip-bind-local");

        // The same commands as keepalived.conf's keywords give: one options type, whichever way in.
        KeepalivedConfigResult conf = OneInstanceConf.Read(
            "    vip_take_command \"/usr/bin/eip take\"\n    vip_release_command \"/usr/bin/eip release\"\n    vip_confirm_command \"/usr/bin/eip check\"\n" +
            "    vip_command_timeout 2.5\n    vip_command_retries 0\n    vip_command_retry_delay 0.5\n    vip_command_bind_local\n");
        conf.HasErrors.Should().BeFalse();
        plan.VipCommands.Should().BeEquivalentTo(conf.Options.Instances["VI_1"].VipCommands);
        plan.VipCommands!.BindLocal.Should().BeTrue();
        plan.VipCommands.Retries.Should().Be(0);
        Plan("-i", "eth0", "--vrid", "5", "--vip", "10.0.0.1").VipCommands.Should().BeNull();
    }

    [Theory]
    [InlineData("--vrid", "--vrid", "0")]
    [InlineData("--vrid", "--vrid", "300")]
    [InlineData("--priority", "--priority", "0")]
    [InlineData("--advert-interval", "--advert-interval", "0.5")]
    [InlineData("--preempt-delay", "--preempt-delay", "2000")]
    [InlineData("--auth-pass", "--auth-pass", "123456789")]
    [InlineData("--garp-master-delay", "--garp-master-delay", "-1")]
    [InlineData("--vip", "--vip", "10.1")]
    [InlineData("--unicast-peer", "--unicast-peer", "10.1")]
    [InlineData("--unicast-src", "--unicast-src", "10.0.0.256")]
    [InlineData("--vip-release", "--vip-release", "/bin/true")]
    [InlineData("--vip-command-timeout", "--vip-command-timeout", "0")]
    [InlineData("--vip-command-retries", "--vip-command-retries", "101")]
    [InlineData("--vip-command-retry-delay", "--vip-command-retry-delay", "61")]
    [InlineData("--rt-priority", "--rt-priority", "0")]
    [InlineData("--rt-priority", "--rt-priority", "100")]
    [InlineData("--rlimit-rttime", "--rlimit-rttime", "0")]
    public void Run_ValueTheValidatorRejects_ExitsUsageWithTheErrorPositionedAtTheFlag(string expectedFlag, string flag, string value)
    {
        string[] arguments = flag switch
        {
            "--vrid" => ["-i", "eth0", flag, value, "--vip", "10.0.0.1/24"],
            "--vip" => ["-i", "eth0", "--vrid", "5", flag, value],
            _ => ["-i", "eth0", "--vrid", "5", "--vip", "10.0.0.1/24", flag, value],
        };
        (RunFlags flags, ParseResult result) = Parse(arguments);
        var error = new StringWriter();

        int exitCode = HostedRunCommand.Run(options => flags.Apply(result, options), path => flags.FlagOf(result, path), error);

        exitCode.Should().Be(ExitCodes.Usage);
        error.ToString().Trim().Split('\n').Should().ContainSingle().Which.Should().StartWith($"vrrp run: {expectedFlag}: error: ");
    }

    [Fact]
    public void Apply_GoodFlags_TheValidatorFindsNothing()
    {
        (RunFlags flags, ParseResult result) = Parse("-i", "eth0", "--vrid", "5", "--vip", "10.0.0.1/24");
        var options = new VrrpOptions();
        flags.Apply(result, options);

        VrrpOptionsValidator.GetProblems(options).Should().BeEmpty();
    }

    [Fact]
    public void Apply_SchedulingFlags_AreTheGlobalRealtimeOptions()
    {
        (RunFlags flags, ParseResult result) = Parse("-i", "eth0", "--vrid", "5", "--vip", "10.0.0.1/24", "--rt-priority", "40", "--rlimit-rttime", "20000", "--no-swap");
        var options = new VrrpOptions();
        flags.Apply(result, options);
        (RunFlags _, ParseResult none) = Parse("-i", "eth0", "--vrid", "5", "--vip", "10.0.0.1/24");
        var defaults = new VrrpOptions();
        flags.Apply(none, defaults);

        options.GlobalDefinitions.RealtimePriority.Should().Be(40);
        options.GlobalDefinitions.RealtimeRuntimeLimitMicroseconds.Should().Be(20000);
        options.GlobalDefinitions.NoSwap.Should().BeTrue();
        InstanceSettingsFactory.Create(options).Scheduling.RealtimePriority.Should().Be(40);
        defaults.GlobalDefinitions.RealtimePriority.Should().BeNull();
        defaults.GlobalDefinitions.NoSwap.Should().BeFalse();
    }

    [Fact]
    public void FlagOf_OptionPathsOfAnotherInstanceOrUnknownOption_IsNull()
    {
        (RunFlags flags, ParseResult result) = Parse("-i", "eth0", "--vrid", "5", "--vip", "10.0.0.1/24");

        flags.FlagOf(result, "Instances:VI_5:VirtualRouterId").Should().Be("--vrid");
        flags.FlagOf(result, "GlobalDefinitions:GarpMasterRepeat").Should().Be("--garp-master-repeat");
        flags.FlagOf(result, "Instances:VI_6:VirtualRouterId").Should().BeNull();
        flags.FlagOf(result, "Instances:VI_5:TrackScripts:0").Should().BeNull();
        flags.FlagOf(result, null).Should().BeNull();
    }

    private static (RunFlags Flags, ParseResult Result) Parse(params string[] arguments)
    {
        var flags = new RunFlags();
        var command = new Command("run");
        foreach (Option option in flags.All)
        {
            command.Options.Add(option);
        }

        ParseResult result = command.Parse(arguments);
        result.Errors.Select(e => e.Message).Should().BeEmpty();
        return (flags, result);
    }

    private static VrrpInstancePlan Plan(params string[] arguments)
    {
        (RunFlags flags, ParseResult result) = Parse(arguments);
        var options = new VrrpOptions();
        flags.Apply(result, options);
        VrrpOptionsValidator.GetProblems(options).Where(p => p.Severity == ConfigDiagnosticSeverity.Error).Should().BeEmpty();
        VrrpHostPlan plan = InstanceSettingsFactory.Create(options);
        plan.Errors.Should().BeEmpty();
        return plan.Instances.Should().ContainSingle().Which;
    }
}
