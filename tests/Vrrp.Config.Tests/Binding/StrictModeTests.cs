namespace Vrrp.Config.Tests.Binding;

/// <summary>What keepalived 2.2.7 reports and corrects under <c>vrrp_strict</c> / <c>strict_mode</c>.</summary>
public sealed class StrictModeTests
{
    private static KeepalivedConfigResult Read(string instanceBody, bool globalStrict = true) =>
        KeepalivedConfigReader.ReadText(
            (globalStrict ? "global_defs {\n    vrrp_strict\n}\n" : string.Empty)
            + "vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 51\n" + instanceBody
            + "    virtual_ipaddress {\n        192.168.1.100\n    }\n}\n",
            "k.conf");

    /// <summary>Reads the instance, which must draw exactly one diagnostic containing <paramref name="expected"/>, and returns the instance as corrected.</summary>
    private static VrrpInstanceOptions WarnsOnce(string instanceBody, string expected, bool globalStrict = true)
    {
        KeepalivedConfigResult result = Read(instanceBody, globalStrict);

        result.Diagnostics.Should().ContainSingle().Which.Message.Should().Contain(expected);
        return result.Options.Instances["VI_1"];
    }

    [Fact]
    public void Strict_StateMasterBelow255_WarnsAndStartsAsBackup()
    {
        KeepalivedConfigResult result = Read("    state MASTER\n    priority 101\n");

        ConfigDiagnostic diagnostic = result.Diagnostics.Should().ContainSingle().Subject;
        diagnostic.ToString().Should().StartWith("k.conf:7:11: warning: strict mode: `state MASTER` needs priority 255");
        result.Options.Instances["VI_1"].State.Should().Be(VrrpInitialState.Backup);
    }

    [Fact]
    public void Strict_StateMasterAsOwner_IsFine()
    {
        KeepalivedConfigResult result = Read("    state MASTER\n    priority 255\n");

        result.Diagnostics.Should().BeEmpty();
        result.Options.Instances["VI_1"].State.Should().Be(VrrpInitialState.Master);
    }

    /// <summary>
    /// The settings strict mode refuses: the instance body, what the one warning says, whether strict mode comes from
    /// global_defs (else <c>strict_mode on</c> in the instance), the option corrected and its value after.
    /// </summary>
    public static TheoryData<string, string, bool, string, object?> Corrections => new()
    {
        { "    state BACKUP\n    authentication {\n        auth_type PASS\n        auth_pass 1111\n    }\n", "strict mode does not support authentication", true, nameof(VrrpInstanceOptions.Authentication), null },
        { "    strict_mode on\n    state BACKUP\n    preempt_delay 5\n", "preempt_delay", false, nameof(VrrpInstanceOptions.PreemptDelay), TimeSpan.Zero },
        { "    state BACKUP\n    accept\n", "RFC 3768", true, nameof(VrrpInstanceOptions.Accept), false },
    };

    [Theory]
    [MemberData(nameof(Corrections))]
    public void Strict_SettingItRefuses_WarnsOnceAndIsCorrected(string instanceBody, string expected, bool globalStrict, string option, object? corrected)
    {
        VrrpInstanceOptions instance = WarnsOnce(instanceBody, expected, globalStrict);

        typeof(VrrpInstanceOptions).GetProperty(option)!.GetValue(instance).Should().Be(corrected);
    }

    [Fact]
    public void NotStrict_TheSameSettings_AreKeptWithoutWarnings()
    {
        KeepalivedConfigResult result = Read("    state MASTER\n    priority 101\n    accept\n    preempt_delay 5\n    authentication {\n        auth_type PASS\n        auth_pass 1111\n    }\n", globalStrict: false);

        result.Diagnostics.Where(d => d.Code == ConfigDiagnosticCodes.Conflict).Should().BeEmpty();
        VrrpInstanceOptions instance = result.Options.Instances["VI_1"];
        instance.State.Should().Be(VrrpInitialState.Master);
        instance.Accept.Should().BeTrue();
        instance.Authentication.Should().NotBeNull();
    }
}
