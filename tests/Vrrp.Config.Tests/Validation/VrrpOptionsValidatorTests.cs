using Microsoft.Extensions.Options;
using Vrrp.Packets;

namespace Vrrp.Config.Tests.Validation;

public sealed class VrrpOptionsValidatorTests
{
    private static VrrpInstanceOptions ValidInstance(int vrid = 51, string vip = "192.168.1.100")
    {
        var instance = new VrrpInstanceOptions { Interface = "eth0", VirtualRouterId = vrid };
        instance.VirtualIpAddresses.Add(new VirtualIpAddressOptions { Address = vip });
        return instance;
    }

    [Fact]
    public void Validate_ValidOptions_Succeeds()
    {
        var options = new VrrpOptions();
        options.Instances["VI_1"] = ValidInstance();

        new VrrpOptionsValidator().Validate(null, options).Succeeded.Should().BeTrue();
        VrrpOptionsValidator.GetProblems(options).Should().BeEmpty();
    }

    [Fact]
    public void GetProblems_WithSourceLabels_NamesTheFlagOrItsNearestEnclosingLabel()
    {
        var options = new VrrpOptions();
        VrrpInstanceOptions instance = ValidInstance();
        instance.Priority = 0;
        instance.UnicastPeers.Add(new UnicastPeerOptions { Address = "10.1" });
        options.Instances["cli"] = instance;
        var sources = new Dictionary<string, string> { ["Instances:cli:Priority"] = "--priority", ["Instances:cli"] = "vrrp run" };

        IReadOnlyList<ConfigDiagnostic> problems = VrrpOptionsValidator.GetProblems(options, sources);

        problems.Should().Contain(p => p.OptionPath == "Instances:cli:Priority" && p.Source == "--priority" && p.ToString().StartsWith("--priority: error: ", StringComparison.Ordinal));
        problems.Should().Contain(p => p.OptionPath == "Instances:cli:UnicastPeers:0" && p.Source == "vrrp run", "10.1 is not an address for inet_pton; the nearest label names it");
        VrrpOptionsValidator.GetProblems(options).Should().OnlyContain(p => p.Source == null && p.ToString().StartsWith(p.OptionPath + ": ", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_SeveralErrors_ReportsEveryOneWithItsPath()
    {
        var options = new VrrpOptions();
        VrrpInstanceOptions instance = ValidInstance();
        instance.Interface = null;
        instance.VirtualRouterId = 300;
        instance.Priority = 0;
        instance.AdvertisementInterval = TimeSpan.FromSeconds(0.5);
        instance.Authentication = new VrrpAuthenticationOptions { Type = VrrpAuthType.SimpleText, Password = "123456789" };
        instance.VirtualIpAddresses.Add(new VirtualIpAddressOptions { Address = "2001:db8::1" });
        instance.VirtualIpAddresses.Add(new VirtualIpAddressOptions { Address = "10.0.0.1/40" });
        instance.PreemptDelay = TimeSpan.FromSeconds(2000);
        options.Instances["VI_1"] = instance;
        options.Scripts["chk"] = new VrrpScriptOptions { Script = "", Weight = 300, Rise = 0, Interval = TimeSpan.Zero };

        ValidateOptionsResult result = new VrrpOptionsValidator().Validate(null, options);

        result.Failed.Should().BeTrue();
        IReadOnlyList<ConfigDiagnostic> problems = VrrpOptionsValidator.GetProblems(options);
        problems.Where(p => p.Severity == ConfigDiagnosticSeverity.Error).Select(p => p.OptionPath).Should().BeEquivalentTo(
            "Scripts:chk:Script",
            "Scripts:chk:Interval",
            "Scripts:chk:Weight",
            "Scripts:chk:Rise",
            "Instances:VI_1:Interface",
            "Instances:VI_1:VirtualRouterId",
            "Instances:VI_1:Priority",
            "Instances:VI_1:VirtualIpAddresses:1",
            "Instances:VI_1:VirtualIpAddresses:2",
            "Instances:VI_1:AdvertisementInterval",
            "Instances:VI_1:Authentication:Password",
            "Instances:VI_1:PreemptDelay");
        result.Failures.Should().HaveCount(12);
    }

    [Theory]
    [InlineData(VrrpVersion.V2, 1.0, true)]
    [InlineData(VrrpVersion.V2, 255.0, true)]
    [InlineData(VrrpVersion.V2, 256.0, false)]
    [InlineData(VrrpVersion.V2, 1.5, false)]
    [InlineData(VrrpVersion.V3, 0.01, true)]
    [InlineData(VrrpVersion.V3, 40.95, true)]
    [InlineData(VrrpVersion.V3, 40.96, false)]
    [InlineData(VrrpVersion.V3, 0.005, false)]
    public void Validate_AdvertisementInterval_DependsOnTheVersion(VrrpVersion version, double seconds, bool valid)
    {
        var options = new VrrpOptions();
        VrrpInstanceOptions instance = ValidInstance();
        instance.Version = version;
        instance.AdvertisementInterval = TimeSpan.FromSeconds(seconds);
        options.Instances["VI_1"] = instance;

        new VrrpOptionsValidator().Validate(null, options).Succeeded.Should().Be(valid);
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(100, null)]
    [InlineData(50, 0)]
    public void Validate_RealtimeSchedulingOutOfRange_IsAnErrorAtItsOption(int priority, int? runtimeLimit)
    {
        var options = new VrrpOptions();
        options.Instances["VI_1"] = ValidInstance();
        options.GlobalDefinitions.RealtimePriority = priority;
        options.GlobalDefinitions.RealtimeRuntimeLimitMicroseconds = runtimeLimit;

        ConfigDiagnostic problem = VrrpOptionsValidator.GetProblems(options).Should().ContainSingle().Subject;

        problem.Severity.Should().Be(ConfigDiagnosticSeverity.Error);
        problem.OptionPath.Should().Be(runtimeLimit is null ? "GlobalDefinitions:RealtimePriority" : "GlobalDefinitions:RealtimeRuntimeLimitMicroseconds");
    }

    [Fact]
    public void Validate_RealtimeSchedulingInRange_Succeeds()
    {
        var options = new VrrpOptions();
        options.Instances["VI_1"] = ValidInstance();
        options.GlobalDefinitions.RealtimePriority = 99;
        options.GlobalDefinitions.RealtimeRuntimeLimitMicroseconds = 1;
        options.GlobalDefinitions.NoSwap = true;

        VrrpOptionsValidator.GetProblems(options).Should().BeEmpty();
    }

    [Fact]
    public void Validate_GlobalVersion3_AppliesToInstancesWithoutAVersion()
    {
        var options = new VrrpOptions();
        options.GlobalDefinitions.VrrpVersion = VrrpVersion.V3;
        VrrpInstanceOptions instance = ValidInstance();
        instance.AdvertisementInterval = TimeSpan.FromMilliseconds(100);
        options.Instances["VI_1"] = instance;

        new VrrpOptionsValidator().Validate(null, options).Succeeded.Should().BeTrue();
    }

    [Fact]
    public void Validate_DuplicateVridOnTheSameInterfaceAndFamily_FailsOnlyThere()
    {
        var options = new VrrpOptions();
        options.Instances["A"] = ValidInstance(7);
        options.Instances["B"] = ValidInstance(7);
        VrrpInstanceOptions other = ValidInstance(7);
        other.Interface = "eth1";
        options.Instances["C"] = other;
        options.Instances["D"] = ValidInstance(7, "2001:db8::7");

        ConfigDiagnostic problem = VrrpOptionsValidator.GetProblems(options).Should().ContainSingle().Subject;
        problem.Code.Should().Be(ConfigDiagnosticCodes.DuplicateVirtualRouterId);
        problem.OptionPath.Should().Be("Instances:B:VirtualRouterId");
    }

    [Fact]
    public void GetProblems_Warnings_DoNotFailValidation()
    {
        var options = new VrrpOptions();
        VrrpInstanceOptions instance = ValidInstance();
        instance.State = VrrpInitialState.Master;
        instance.Preempt = false;
        options.Instances["VI_1"] = instance;

        IReadOnlyList<ConfigDiagnostic> problems = VrrpOptionsValidator.GetProblems(options);

        problems.Select(p => p.Code).Should().BeEquivalentTo([ConfigDiagnosticCodes.Conflict]);
        problems.Should().OnlyContain(p => p.Severity == ConfigDiagnosticSeverity.Warning);
        new VrrpOptionsValidator().Validate(null, options).Succeeded.Should().BeTrue();
    }

    [Fact]
    public void GetProblems_WhatVrrpRunRefuses_IsAnError()
    {
        // An unknown track_script and an instance without a virtual address stop `vrrp run`, so they are errors here too.
        var options = new VrrpOptions();
        VrrpInstanceOptions instance = ValidInstance();
        instance.TrackScripts.Add(new TrackScriptOptions { Script = "missing" });
        instance.VirtualIpAddresses.Clear();
        options.Instances["VI_1"] = instance;

        ValidatedVrrpOptions validated = VrrpOptionsValidator.Check(options);

        validated.Diagnostics.Select(p => (p.Code, p.Severity)).Should().BeEquivalentTo([
            (ConfigDiagnosticCodes.UnknownReference, ConfigDiagnosticSeverity.Error),
            (ConfigDiagnosticCodes.NoVirtualAddress, ConfigDiagnosticSeverity.Error)]);
        validated.HasErrors.Should().BeTrue();
        validated.Instances.Should().BeEmpty();
        new VrrpOptionsValidator().Validate(null, options).Succeeded.Should().BeFalse();
    }

    [Fact]
    public void Check_ValidInstance_CarriesItsParsedAddresses()
    {
        var options = new VrrpOptions();
        VrrpInstanceOptions instance = ValidInstance(7, "2001:db8::7/64");
        instance.UnicastPeers.Add(new UnicastPeerOptions { Address = "2001:db8::2" });
        instance.MulticastDestinationAddress = "ff02::99";
        options.Instances["VI_6"] = instance;

        ValidatedInstance validated = VrrpOptionsValidator.Check(options).Instances.Should().ContainSingle().Subject;

        validated.Family.Should().Be(System.Net.Sockets.AddressFamily.InterNetworkV6);
        validated.Version.Should().Be(VrrpVersion.V3);
        validated.PrimaryAddress.Should().Be(System.Net.IPAddress.IPv6Any);
        validated.UnicastPeers.Should().Equal(System.Net.IPAddress.Parse("2001:db8::2"));
        validated.MulticastGroup.Should().Be(System.Net.IPAddress.Parse("ff02::99"));
        validated.VirtualAddresses.Should().ContainSingle().Which.ToString().Should().Be("2001:db8::7/64");
    }

    [Fact]
    public void Check_RulesVrrpRunNeeds_AreErrorsAtTheirOptionPaths()
    {
        var options = new VrrpOptions();
        VrrpInstanceOptions instance = ValidInstance();
        instance.Authentication = new VrrpAuthenticationOptions { Type = VrrpAuthType.IpAuthenticationHeader, Password = "1234" };
        instance.UnicastSourceAddress = "2001:db8::1";
        instance.MulticastDestinationAddress = "10.0.0.9";
        instance.VirtualIpAddresses.Add(new VirtualIpAddressOptions { Address = "192.168.1.100", Scope = "galaxy" });
        instance.UnicastPeers.Add(new UnicastPeerOptions { Address = "192.168.1.2" });
        instance.UnicastPeers.Add(new UnicastPeerOptions { Address = "192.168.1.2" });
        options.Instances["VI_1"] = instance;
        options.Instances["VI_2"] = ValidInstance(52, "192.168.1.101");
        var first = new VrrpSyncGroupOptions();
        first.Group.AddRange(["VI_1", "VI_2"]);
        var second = new VrrpSyncGroupOptions();
        second.Group.AddRange(["VI_2", "VI_3"]);
        options.SyncGroups["G1"] = first;
        options.SyncGroups["G2"] = second;

        ValidatedVrrpOptions validated = VrrpOptionsValidator.Check(options);

        validated.Diagnostics.Where(d => d.Severity == ConfigDiagnosticSeverity.Error).Select(d => (d.Code, d.OptionPath)).Should().BeEquivalentTo([
            (ConfigDiagnosticCodes.NotImplemented, "Instances:VI_1:Authentication:Type"),
            (ConfigDiagnosticCodes.AddressFamilyMismatch, "Instances:VI_1:UnicastSourceAddress"),
            (ConfigDiagnosticCodes.InvalidAddress, "Instances:VI_1:MulticastDestinationAddress"),
            (ConfigDiagnosticCodes.DuplicateAddress, "Instances:VI_1:VirtualIpAddresses:1"),
            (ConfigDiagnosticCodes.InvalidValue, "Instances:VI_1:VirtualIpAddresses:1"),
            (ConfigDiagnosticCodes.DuplicateAddress, "Instances:VI_1:UnicastPeers:1"),
            (ConfigDiagnosticCodes.Conflict, "SyncGroups:G2:Group:0"),
            (ConfigDiagnosticCodes.UnknownReference, "SyncGroups:G2:Group:1")]);
        validated.Diagnostics.Single(d => d.OptionPath == "Instances:VI_1:UnicastPeers:1").Message.Should().EndWith("is listed twice (first at Instances:VI_1:UnicastPeers:0)");
        validated.Instances.Select(i => (i.Name, i.SyncGroup)).Should().Equal([("VI_2", "G1")]);
        validated.SyncGroups["G2"].Should().BeEmpty();
    }

    [Fact]
    public void Check_SettingsTheEngineDoesNotApplyYet_AreNotesNotProblems()
    {
        var options = new VrrpOptions();
        VrrpInstanceOptions instance = ValidInstance();
        instance.StrictMode = true;
        instance.Accept = true;
        options.Instances["VI_1"] = instance;

        ValidatedVrrpOptions validated = VrrpOptionsValidator.Check(options);

        validated.Diagnostics.Should().BeEmpty();
        validated.Notes.Should().ContainSingle().Which.Severity.Should().Be(ConfigDiagnosticSeverity.Note);
        validated.Instances.Should().ContainSingle();
    }
}
