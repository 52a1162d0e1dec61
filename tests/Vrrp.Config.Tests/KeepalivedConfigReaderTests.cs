using Vrrp.Packets;

namespace Vrrp.Config.Tests;

public sealed class KeepalivedConfigReaderTests
{
    [Fact]
    public void Read_HaproxyMaster_HasNoProblemsAndHoldsEveryValue()
    {
        KeepalivedConfigResult result = KeepalivedConfigReader.Read(ConfigCorpus.PathOf("haproxy-master.conf"));

        result.Diagnostics.Should().BeEmpty();
        AssertHaproxyNode(result.Options, routerId: "lb1", VrrpInitialState.Master, priority: 100);
    }

    [Fact]
    public void Read_HaproxyBackup_HasNoProblemsAndHoldsEveryValue()
    {
        KeepalivedConfigResult result = KeepalivedConfigReader.Read(ConfigCorpus.PathOf("haproxy-backup.conf"));

        result.Diagnostics.Should().BeEmpty();
        AssertHaproxyNode(result.Options, routerId: "lb2", VrrpInitialState.Backup, priority: 50);
    }

    [Fact]
    public void Read_HaproxyPairOnAHostWithEth0AndKillall_HasNoProblemsEither()
    {
        var host = new FakeHostEnvironment();
        host.Programs["killall"] = ScriptProgramStatus.Ok;

        KeepalivedConfigReader.Read(ConfigCorpus.PathOf("haproxy-master.conf"), new KeepalivedConfigReaderOptions { Host = host }).Diagnostics.Should().BeEmpty();
        KeepalivedConfigReader.Read(ConfigCorpus.PathOf("haproxy-backup.conf"), new KeepalivedConfigReaderOptions { Host = host }).Diagnostics.Should().BeEmpty();
    }

    [Fact]
    public void Read_HaproxyMaster_MapsEveryOptionToItsLineAndColumn()
    {
        KeepalivedConfigResult result = KeepalivedConfigReader.Read(ConfigCorpus.PathOf("haproxy-master.conf"));

        result.SourceMap["Instances:VI_1:Priority"].ToString().Should().Be(ConfigCorpus.PathOf("haproxy-master.conf") + ":20:14");
        result.SourceMap["Instances:VI_1:VirtualRouterId"].Start.Should().Be(new TextPosition(19, 23));
        result.SourceMap["Scripts:chk_haproxy:Weight"].Start.Should().Be(new TextPosition(13, 12));
        result.SourceMap["Instances:VI_1:VirtualIpAddresses:0"].Start.Should().Be(new TextPosition(35, 9));
    }

    private static void AssertHaproxyNode(VrrpOptions options, string routerId, VrrpInitialState state, int priority)
    {
        options.GlobalDefinitions.RouterId.Should().Be(routerId);
        options.GlobalDefinitions.EnableScriptSecurity.Should().BeTrue();
        options.GlobalDefinitions.ScriptUser.Should().Be("root");
        options.GlobalDefinitions.VrrpVersion.Should().Be(VrrpVersion.V2);

        VrrpScriptOptions script = options.Scripts.Should().ContainSingle().Which.Value;
        options.Scripts.Keys.Should().Equal("chk_haproxy");
        script.Script.Should().Be("killall -0 haproxy");
        script.Interval.Should().Be(TimeSpan.FromSeconds(2));
        script.Weight.Should().Be(-4);
        script.Timeout.Should().BeNull("keepalived's timeout defaults to the interval");
        script.Rise.Should().Be(1);
        script.Fall.Should().Be(1);

        options.SyncGroups.Should().BeEmpty();
        options.Instances.Keys.Should().Equal("VI_1");
        VrrpInstanceOptions instance = options.Instances["VI_1"];
        instance.State.Should().Be(state);
        instance.Interface.Should().Be("eth0");
        instance.VirtualRouterId.Should().Be(51);
        instance.Priority.Should().Be(priority);
        instance.AdvertisementInterval.Should().Be(TimeSpan.FromSeconds(1));
        instance.Version.Should().BeNull();
        instance.Authentication.Should().NotBeNull();
        instance.Authentication!.Type.Should().Be(VrrpAuthType.SimpleText);
        instance.Authentication.Password.Should().Be("1111");
        instance.Preempt.Should().BeTrue();
        instance.VirtualIpAddresses.Should().ContainSingle().Which.Address.Should().Be("192.168.1.100");
        instance.TrackScripts.Should().ContainSingle().Which.Should().BeEquivalentTo(new TrackScriptOptions { Script = "chk_haproxy" });

        // The commented-out unicast and notify blocks stay comments.
        new[] { instance.UnicastSourceAddress, instance.NotifyMaster, instance.NotifyBackup, instance.NotifyFault }.Should().AllSatisfy(value => value.Should().BeNull());
        instance.UnicastPeers.Should().BeEmpty();
        instance.TrackInterfaces.Should().BeEmpty();
    }

    [Fact]
    public void ReadText_DiagnosticsAreSortedByPosition()
    {
        KeepalivedConfigResult result = KeepalivedConfigReader.ReadText("global_defs {\n  bogus_b 1\n}\nbogus_a\n");

        result.Diagnostics.Select(d => d.Span!.Value.Line).Should().Equal(2, 4);
    }

    [Fact]
    public void ConfigDiagnostic_ToString_EscapesControlCharacters()
    {
        var diagnostic = new ConfigDiagnostic(ConfigDiagnosticSeverity.Warning, new SourceSpan("f", 1, 2), "VC0000", "bad \u001b[31m", "x\ty");

        diagnostic.ToString().Should().Be("f:1:2: warning: bad \\x1b[31m (x\\x09y) [VC0000]");
    }
}
