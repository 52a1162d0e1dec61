using System;
using FluentAssertions;
using Vrrp.Cli;
using Vrrp.Cli.Commands;
using Vrrp.Cli.Hosting;
using Vrrp.Config.Options;
using Vrrp.Hosting.Configuration;
using Vrrp.Packets;
using Xunit;

namespace Vrrp.Hosting.Tests.Cli;

/// <summary><c>vrrp run</c> with flags builds the options a one-instance keepalived.conf gives, checked by the same validator.</summary>
public sealed class RunFlagsTests
{
    [Fact]
    public void Apply_DefaultFlags_MapToKeepalivedDefaults()
    {
        VrrpInstancePlan plan = Plan(new RunFlags { InterfaceName = "eth0", VirtualRouterId = 5, VirtualAddresses = ["10.0.0.1/24"] });

        plan.Name.Should().Be("VI_5");
        plan.Settings.InterfaceName.Should().Be("eth0");
        plan.Settings.Priority.Should().Be(100);
        plan.Settings.Version.Should().Be(VrrpVersion.V2, "keepalived's default for IPv4");
        plan.Settings.AdvertInterval.Should().Be(TimeSpan.FromSeconds(1));
        plan.Settings.Preempt.Should().BeTrue();
        plan.Settings.AuthType.Should().Be(VrrpAuthType.None);
        plan.Announcement.Delay.Should().Be(TimeSpan.FromSeconds(5));
        plan.Announcement.Repeat.Should().Be(5);
        plan.Announcement.RefreshInterval.Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public void Apply_EveryFlag_MapsToItsOption()
    {
        VrrpInstancePlan plan = Plan(new RunFlags
        {
            InterfaceName = "eth1",
            VirtualRouterId = 9,
            Priority = 150,
            VirtualAddresses = ["10.0.0.1/24", "10.0.0.2"],
            Version = 3,
            AdvertInterval = 0.2m,
            UnicastSource = "10.0.0.11",
            UnicastPeers = ["10.0.0.12"],
            NoPreempt = true,
            PreemptDelay = 2.5m,
            Name = "web",
            GarpMasterDelay = 0m,
            GarpMasterRepeat = 3,
            GarpMasterRefresh = 60m,
            UseVirtualMac = true,
            VirtualMacName = "vmac9",
            VirtualMacTransmitBase = true,
        });

        plan.Name.Should().Be("web");
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
        Plan(new RunFlags { InterfaceName = "eth0", VirtualRouterId = 5, VirtualAddresses = ["fd00::10/64"] }).Settings.Version.Should().Be(VrrpVersion.V3);
        VrrpInstancePlan v2 = Plan(new RunFlags { InterfaceName = "eth0", VirtualRouterId = 5, VirtualAddresses = ["10.0.0.1"], AuthPass = "secret" });
        v2.Settings.AuthType.Should().Be(VrrpAuthType.SimpleText);
        v2.Settings.AuthPassword.Should().Be("secret");
    }

    [Theory]
    [InlineData("--vrid", 0, 100, "1", "0")]
    [InlineData("--vrid", 300, 100, "1", "0")]
    [InlineData("--priority", 5, 0, "1", "0")]
    [InlineData("--advert-interval", 5, 100, "0.5", "0")]
    [InlineData("--preempt-delay", 5, 100, "1", "2000")]
    public void Validate_ValueOutOfRange_NamesTheFlagWithTheValidatorsMessage(string flag, int vrid, int priority, string advert, string preemptDelay)
    {
        var flags = new RunFlags
        {
            InterfaceName = "eth0",
            VirtualRouterId = vrid,
            Priority = priority,
            VirtualAddresses = ["10.0.0.1/24"],
            AdvertInterval = decimal.Parse(advert, System.Globalization.CultureInfo.InvariantCulture),
            PreemptDelay = decimal.Parse(preemptDelay, System.Globalization.CultureInfo.InvariantCulture),
        };

        flags.Validate().Should().ContainSingle().Which.Should().StartWith(flag + ": error: ");
    }

    [Theory]
    [InlineData("--vip", "10.1")]
    [InlineData("--unicast-peer", "10.1")]
    [InlineData("--unicast-src", "10.0.0.256")]
    public void Validate_ShortOrInvalidAddress_IsRejectedByTheStrictParserAndNamesTheFlag(string flag, string address)
    {
        var flags = new RunFlags
        {
            InterfaceName = "eth0",
            VirtualRouterId = 5,
            VirtualAddresses = [flag == "--vip" ? address : "10.0.0.1"],
            UnicastPeers = flag == "--unicast-peer" ? [address] : [],
            UnicastSource = flag == "--unicast-src" ? address : null,
        };

        flags.Validate().Should().ContainSingle().Which.Should().StartWith(flag + ": error: ").And.Contain(address);
    }

    [Fact]
    public void Validate_GoodFlags_HasNoErrors()
    {
        new RunFlags { InterfaceName = "eth0", VirtualRouterId = 5, VirtualAddresses = ["10.0.0.1/24"] }.Validate().Should().BeEmpty();
    }

    [Fact]
    public void Run_InvalidFlags_ExitsUsageBeforeStarting()
    {
        var error = new System.IO.StringWriter();

        int exitCode = HostedRunCommand.Run(new RunFlags { InterfaceName = "eth0", VirtualRouterId = 0, VirtualAddresses = ["10.0.0.1"] }, error);

        exitCode.Should().Be(ExitCodes.Usage);
        error.ToString().Should().StartWith("vrrp run: --vrid: error: ");
    }

    private static VrrpInstancePlan Plan(RunFlags flags)
    {
        var options = new VrrpOptions();
        flags.Apply(options);
        VrrpHostPlan plan = InstanceSettingsFactory.Create(options);
        plan.Errors.Should().BeEmpty();
        return plan.Instances.Should().ContainSingle().Which;
    }
}
