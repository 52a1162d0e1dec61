namespace Vrrp.Config.Tests.Binding;

public sealed class TrackerBindingTests
{
    private static KeepalivedConfigResult Read(string trackers, string instanceBody) =>
        KeepalivedConfigReader.ReadText(
            trackers + "vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 51\n    priority 100\n" + instanceBody + "    virtual_ipaddress {\n        192.168.1.100\n    }\n}\n",
            "k.conf");

    [Fact]
    public void Bind_TrackFileBlockAndReference_AreReadWithWeightsAndInitFile()
    {
        KeepalivedConfigResult result = Read(
            "track_file offset {\n    file /run/offset\n    weight -3 reverse\n    init_file 7 overwrite\n}\nvrrp_track_file legacy {\n    file \"/run/b\"\n}\n",
            "    track_file {\n        offset\n        legacy weight 254 reverse\n    }\n");

        VrrpTrackFileOptions offset = result.Options.TrackFiles["offset"];
        offset.File.Should().Be("/run/offset");
        offset.Weight.Should().Be(-3);
        offset.WeightReverse.Should().BeTrue();
        offset.InitValue.Should().Be(7);
        offset.InitOverwrite.Should().BeTrue();
        result.Options.TrackFiles["legacy"].Weight.Should().Be(1, "keepalived's default track_file weight is 1");
        result.Options.TrackFiles["legacy"].InitValue.Should().BeNull();
        List<TrackReferenceOptions> tracked = result.Options.Instances["VI_1"].TrackFiles;
        tracked.Select(t => (t.Name, t.Weight, t.Reverse)).Should().Equal(("offset", null, false), ("legacy", 254, true));
        result.Locate("TrackFiles:offset:Weight")!.Value.Line.Should().Be(3);
        result.Diagnostics.Should().BeEmpty();
    }

    [Fact]
    public void Bind_InitFileWithoutValue_WritesZero()
    {
        KeepalivedConfigResult result = Read("track_file f {\n    file /run/f\n    init_file\n}\n", "    track_file {\n        f\n    }\n");

        result.Options.TrackFiles["f"].InitValue.Should().Be(0);
        result.Options.TrackFiles["f"].InitOverwrite.Should().BeFalse();
    }

    [Fact]
    public void Bind_TrackProcess_ReadsProcessParametersQuorumAndDelays()
    {
        KeepalivedConfigResult result = Read(
            "vrrp_track_process haproxy {\n    process /usr/sbin/haproxy -f \"/etc/haproxy/a b.cfg\"\n    param_match initial\n    quorum 2\n    quorum_max 4\n    weight 10 reverse\n    delay 0.5\n    terminate_delay 3\n}\n" +
            "vrrp_track_process sshd {\n    process sshd\n}\n",
            "    track_process {\n        haproxy weight -20\n        sshd\n    }\n");

        result.Diagnostics.Should().BeEmpty();
        VrrpTrackProcessOptions haproxy = result.Options.TrackProcesses["haproxy"];
        haproxy.Process.Should().Be("/usr/sbin/haproxy");
        haproxy.Parameters.Should().Equal("-f", "/etc/haproxy/a b.cfg");
        haproxy.ParameterMatch.Should().Be(ProcessParameterMatch.Initial);
        haproxy.FullCommand.Should().BeTrue("parameters compare the whole command line");
        (haproxy.Quorum, haproxy.QuorumMax, haproxy.Weight, haproxy.WeightReverse).Should().Be((2, 4, 10, true));
        haproxy.ForkDelay.Should().Be(TimeSpan.FromSeconds(0.5));
        haproxy.TerminateDelay.Should().Be(TimeSpan.FromSeconds(3));
        VrrpTrackProcessOptions sshd = result.Options.TrackProcesses["sshd"];
        (sshd.FullCommand, sshd.ParameterMatch, sshd.Quorum, sshd.QuorumMax, sshd.Weight).Should().Be((false, ProcessParameterMatch.None, 1, (int?)null, 0));
        result.Options.Instances["VI_1"].TrackProcesses.Select(t => (t.Name, t.Weight)).Should().Equal(("haproxy", -20), ("sshd", null));
    }

    [Fact]
    public void Bind_QuorumMaxZero_MeansUpOnlyWhileNoneRuns()
    {
        KeepalivedConfigResult result = Read("vrrp_track_process p {\n    process p\n    quorum_max 0\n}\n", "    track_process {\n        p\n    }\n");

        (result.Options.TrackProcesses["p"].Quorum, result.Options.TrackProcesses["p"].QuorumMax).Should().Be((0, 0));
    }

    [Fact]
    public void Bind_BadTrackerValues_WarnWithTheirPlace()
    {
        KeepalivedConfigResult result = Read(
            "track_file f {\n    file /run/f\n    weight 300\n}\nvrrp_track_process p {\n    process p\n    param_match fuzzy\n    delay 4000\n}\n",
            "    track_file {\n        f weight -255\n    }\n    track_process {\n        p\n    }\n");

        result.Diagnostics.Select(d => d.ToString()).Should().Equal(
            "k.conf:3:12: warning: weight must be from -254 to 254, not `300`; it is ignored [VC3003]",
            "k.conf:7:17: warning: unknown param_match `fuzzy`; it is ignored (write exact, partial or initial) [VC3003]",
            "k.conf:8:11: warning: `delay 4000` is outside [0.000001 s, 3600 s]; it is ignored [VC3003]",
            "k.conf:15:18: warning: weight for `f` must be from -254 to 254, not `-255`; it is ignored [VC3003]");
    }

    [Fact]
    public void Validate_UnknownTrackerAndMissingFile_AreErrorsAtTheirLine()
    {
        KeepalivedConfigResult result = Read(
            "track_file f {\n    weight 2\n}\nvrrp_track_process p {\n    process p\n    quorum 3\n    quorum_max 2\n}\n",
            "    track_file {\n        f\n        g\n    }\n    track_process {\n        p\n        q\n    }\n");

        result.Diagnostics.Where(d => d.Severity == ConfigDiagnosticSeverity.Error).Select(d => d.ToString()).Should().BeEquivalentTo(
            "k.conf:1:12: error: track_file f has no file (`file PATH`) [VC4001]",
            "k.conf:7:16: error: vrrp_track_process p: quorum_max 2 is less than quorum 3, so it can never be up [VC4003]",
            "k.conf:15:9: error: vrrp_instance VI_1 tracks file `g`, which is not defined (no `track_file g { }`) (did you mean `f`?) [VC4006]",
            "k.conf:19:9: error: vrrp_instance VI_1 tracks process `q`, which is not defined (no `vrrp_track_process q { }`) (did you mean `p`?) [VC4006]");
    }

    [Fact]
    public void Bind_SyncGroupTrackFileAndProcess_AreRead()
    {
        KeepalivedConfigResult result = KeepalivedConfigReader.ReadText(
            "track_file f {\n    file /run/f\n    weight 0\n}\nvrrp_sync_group G {\n    group {\n        VI_1\n    }\n    track_file {\n        f\n    }\n    notify_master \"/bin/true master\"\n}\n",
            "k.conf");

        result.Options.SyncGroups["G"].TrackFiles.Should().ContainSingle().Which.Name.Should().Be("f");
        result.Options.SyncGroups["G"].NotifyMaster.Should().Be("/bin/true master");
        result.Validated.Notes.Should().NotContain(n => n.Message.Contains("group notify", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_SyncGroupMemberWithWeightedTrackFile_IsWarnedAsKeepalivedIgnoresIt()
    {
        KeepalivedConfigResult result = KeepalivedConfigReader.ReadText(
            "track_file f {\n    file /run/f\n}\nvrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 51\n    track_file {\n        f\n    }\n    virtual_ipaddress {\n        192.168.1.100\n    }\n}\n" +
            "vrrp_instance VI_2 {\n    interface eth0\n    virtual_router_id 52\n    virtual_ipaddress {\n        192.168.1.101\n    }\n}\nvrrp_sync_group G {\n    group {\n        VI_1\n        VI_2\n    }\n}\n",
            "k.conf");

        result.Diagnostics.Select(d => d.ToString()).Should().Equal(
            "k.conf:8:9: warning: vrrp_instance VI_1 is in vrrp_sync_group G: keepalived ignores its weighted track_file f, and so does Vrrp (give it `weight 0`, or track the file from the sync group) [VC4003]");
    }
}
