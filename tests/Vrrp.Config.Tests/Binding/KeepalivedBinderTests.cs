using Vrrp.Packets;

namespace Vrrp.Config.Tests.Binding;

public sealed class KeepalivedBinderTests
{
    private static KeepalivedConfigResult Instance(string body, string before = "", KeepalivedConfigReaderOptions? options = null) =>
        KeepalivedConfigReader.ReadText(
            before + "vrrp_instance VI_1 {\n    state BACKUP\n    interface eth0\n    virtual_router_id 51\n    priority 100\n" + body + "    virtual_ipaddress {\n        192.168.1.100\n    }\n}\n",
            "k.conf",
            options);

    private static ConfigDiagnostic Single(KeepalivedConfigResult result) => result.Diagnostics.Should().ContainSingle().Subject;

    [Fact]
    public void Bind_UnknownKeyword_WarnsWithDidYouMean()
    {
        KeepalivedConfigResult result = Instance("    virtual_router 7\n    priorty 5\n");

        result.Diagnostics.Select(d => d.ToString()).Should().Equal(
            "k.conf:6:5: warning: unknown keyword `virtual_router` in vrrp_instance; it is ignored (did you mean `virtual_router_id`?) [VC3001]",
            "k.conf:7:5: warning: unknown keyword `priorty` in vrrp_instance; it is ignored (did you mean `priority`?) [VC3001]");
        result.Options.Instances["VI_1"].Priority.Should().Be(100);
    }

    [Fact]
    public void Bind_KeywordInTheWrongBlock_SaysWhereItBelongs()
    {
        ConfigDiagnostic diagnostic = Single(Instance("    vrrp_strict\n"));

        diagnostic.Hint.Should().Be("`vrrp_strict` belongs in a global_defs block");
    }

    [Fact]
    public void Bind_NotImplementedKeyword_WarnsNamingKeywordAndPlace()
    {
        KeepalivedConfigResult result = Instance("    smtp_alert\n    garp_extra_if 5\n");

        result.Diagnostics.Should().HaveCount(2).And.OnlyContain(d => d.Code == ConfigDiagnosticCodes.NotImplemented && d.Severity == ConfigDiagnosticSeverity.Warning);
        result.Diagnostics[0].ToString().Should().StartWith("k.conf:6:5: warning: `smtp_alert` (in vrrp_instance) is a keepalived keyword the Vrrp engine does not implement yet");
        result.Diagnostics[1].Message.Should().Contain("garp_extra_if");
        result.Options.Instances["VI_1"].SmtpAlert.Should().BeTrue();
    }

    [Fact]
    public void Bind_GarpLowerPrioAndHigherPrioSendAdvert_AreImplementedInstanceAndGlobalKeywords()
    {
        KeepalivedConfigResult result = Instance(
            "    garp_lower_prio_repeat 0\n    garp_lower_prio_delay 2\n    higher_prio_send_advert\n",
            "global_defs {\n vrrp_garp_lower_prio_repeat 3\n vrrp_garp_lower_prio_delay 7\n vrrp_higher_prio_send_advert off\n}\n");

        result.Diagnostics.Should().BeEmpty();
        VrrpInstanceOptions instance = result.Options.Instances["VI_1"];
        instance.GarpLowerPriorityRepeat.Should().Be(0);
        instance.GarpLowerPriorityDelay.Should().Be(TimeSpan.FromSeconds(2));
        instance.HigherPrioritySendAdvert.Should().BeTrue();
        result.Options.GlobalDefinitions.GarpLowerPriorityRepeat.Should().Be(3);
        result.Options.GlobalDefinitions.GarpLowerPriorityDelay.Should().Be(TimeSpan.FromSeconds(7));
        result.Options.GlobalDefinitions.HigherPrioritySendAdvert.Should().BeFalse();
    }

    [Fact]
    public void Bind_VrrpLowerPrioNoAdvert_IsTheGlobalDefaultOfLowerPrioNoAdvert()
    {
        KeepalivedConfigResult result = Instance(string.Empty, "global_defs {\n vrrp_lower_prio_no_advert\n}\n");
        KeepalivedConfigResult off = Instance(string.Empty, "global_defs {\n vrrp_lower_prio_no_advert off\n}\n");

        result.Diagnostics.Should().BeEmpty();
        result.Options.GlobalDefinitions.LowerPriorityNoAdvert.Should().BeTrue();
        result.Options.Instances["VI_1"].LowerPriorityNoAdvert.Should().BeNull("the instance keeps the global default");
        off.Options.GlobalDefinitions.LowerPriorityNoAdvert.Should().BeFalse();
    }

    [Fact]
    public void Bind_RealtimeKeywords_SetTheSchedulingOptions()
    {
        KeepalivedConfigResult result = Instance(string.Empty, "global_defs {\n vrrp_rt_priority 50\n vrrp_rlimit_rttime 20000\n vrrp_no_swap\n}\n");
        KeepalivedConfigResult older = Instance(string.Empty, "global_defs {\n vrrp_rlimit_rtime 3000\n}\n");
        KeepalivedConfigResult none = Instance(string.Empty);

        result.Diagnostics.Should().BeEmpty();
        result.Options.GlobalDefinitions.RealtimePriority.Should().Be(50);
        result.Options.GlobalDefinitions.RealtimeRuntimeLimitMicroseconds.Should().Be(20000);
        result.Options.GlobalDefinitions.NoSwap.Should().BeTrue();
        older.Diagnostics.Should().BeEmpty();
        older.Options.GlobalDefinitions.RealtimeRuntimeLimitMicroseconds.Should().Be(3000, "vrrp_rlimit_rtime is keepalived's older spelling");
        none.Options.GlobalDefinitions.RealtimePriority.Should().BeNull();
        none.Options.GlobalDefinitions.NoSwap.Should().BeFalse();
    }

    [Theory]
    [InlineData("0")]
    [InlineData("100")]
    [InlineData("-5")]
    public void Bind_VrrpRtPriorityOutside1To99_IsWarnedAboutAtItsValueAndIgnored(string priority)
    {
        KeepalivedConfigResult result = Instance(string.Empty, "global_defs {\n  vrrp_rt_priority " + priority + "\n}\n");

        ConfigDiagnostic diagnostic = Single(result);
        diagnostic.ToString().Should().StartWith("k.conf:2:20: warning: `vrrp_rt_priority " + priority + "` is outside [1, 99]; it is ignored", "keepalived ignores it with a message too");
        result.Options.GlobalDefinitions.RealtimePriority.Should().BeNull();
    }

    [Theory]
    [InlineData("0")]
    [InlineData("256")]
    [InlineData("abc")]
    public void Bind_VirtualRouterIdOutside1To255_IsAnError(string vrid)
    {
        KeepalivedConfigResult result = KeepalivedConfigReader.ReadText($"vrrp_instance VI_1 {{\n interface eth0\n virtual_router_id {vrid}\n virtual_ipaddress {{\n  10.0.0.1\n }}\n}}\n", "k.conf");

        result.HasErrors.Should().BeTrue();
        result.Diagnostics.Should().Contain(d => d.Severity == ConfigDiagnosticSeverity.Error && d.Span!.Value.Line == 3 && d.Message.Contains("1 to 255", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("256")]
    public void Bind_PriorityOutside1To255_WarnsAndUsesTheDefault(string priority)
    {
        KeepalivedConfigResult result = KeepalivedConfigReader.ReadText($"vrrp_instance VI_1 {{\n interface eth0\n virtual_router_id 5\n priority {priority}\n virtual_ipaddress {{\n  10.0.0.1\n }}\n}}\n", "k.conf");

        Single(result).ToString().Should().StartWith("k.conf:4:11: warning: priority `" + priority + "` is not valid");
        result.Options.Instances["VI_1"].Priority.Should().Be(100);
    }

    [Fact]
    public void Bind_StateMasterWithoutPriority_GetsTheOwnerPriority255()
    {
        KeepalivedConfigResult result = KeepalivedConfigReader.ReadText("vrrp_instance VI_1 {\n state MASTER\n interface eth0\n virtual_router_id 5\n virtual_ipaddress {\n  10.0.0.1\n }\n}\n");

        result.Diagnostics.Should().BeEmpty();
        result.Options.Instances["VI_1"].Priority.Should().Be(255);
    }

    [Theory]
    [InlineData("", "0.5", 1.0, true)]
    [InlineData("", "2.5", 3.0, true)]
    [InlineData("", "255", 255.0, false)]
    [InlineData("    version 3\n", "0.5", 0.5, false)]
    [InlineData("    version 3\n", "0.01", 0.01, false)]
    [InlineData("    version 3\n", "41", 40.95, true)]
    public void Bind_AdvertInt_IsCheckedPerVersionAsKeepalivedDoes(string version, string advert, double expectedSeconds, bool warns)
    {
        KeepalivedConfigResult result = Instance(version + "    advert_int " + advert + "\n");

        result.Options.Instances["VI_1"].AdvertisementInterval.Should().Be(TimeSpan.FromSeconds(expectedSeconds));
        result.Diagnostics.Should().HaveCount(warns ? 1 : 0);
        if (warns)
        {
            result.Diagnostics[0].Severity.Should().Be(ConfigDiagnosticSeverity.Warning);
            result.Diagnostics[0].Span!.Value.Line.Should().Be(version.Length == 0 ? 6 : 7);
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("0.001")]
    [InlineData("256")]
    public void Bind_AdvertIntOutOfRange_WarnsAndKeepsOneSecond(string advert)
    {
        KeepalivedConfigResult result = Instance("    advert_int " + advert + "\n");

        Single(result).Code.Should().Be(ConfigDiagnosticCodes.InvalidValue);
        result.Options.Instances["VI_1"].AdvertisementInterval.Should().Be(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Bind_AuthPassLongerThan8_IsCutTo8WithAWarning()
    {
        KeepalivedConfigResult result = Instance("    authentication {\n        auth_type PASS\n        auth_pass secret-password\n    }\n");

        ConfigDiagnostic diagnostic = Single(result);
        diagnostic.Code.Should().Be(ConfigDiagnosticCodes.Truncated);
        diagnostic.ToString().Should().StartWith("k.conf:8:19: warning: auth_pass is longer than 8 characters; it is cut to `secret-p`");
        result.Options.Instances["VI_1"].Authentication!.Password.Should().Be("secret-p");
    }

    [Fact]
    public void Bind_AuthenticationAh_IsRecognised_AndReportedAsNotSupported()
    {
        KeepalivedConfigResult result = Instance("    authentication {\n        auth_type AH\n        auth_pass 1234\n    }\n");

        // The binder reads it; `vrrp run` cannot run it, so the validator reports it where check-config shows it.
        ConfigDiagnostic diagnostic = Single(result);
        diagnostic.Severity.Should().Be(ConfigDiagnosticSeverity.Error);
        diagnostic.Code.Should().Be(ConfigDiagnosticCodes.NotImplemented);
        result.Options.Instances["VI_1"].Authentication!.Type.Should().Be(VrrpAuthType.IpAuthenticationHeader);
    }

    [Fact]
    public void Bind_AuthenticationWithVersion3_WarnsAndDropsIt()
    {
        KeepalivedConfigResult result = Instance("    version 3\n    authentication {\n        auth_type PASS\n        auth_pass 1111\n    }\n");

        Single(result).Code.Should().Be(ConfigDiagnosticCodes.Conflict);
        result.Options.Instances["VI_1"].Authentication.Should().BeNull();
    }

    [Fact]
    public void Bind_NopreemptWithStateMaster_WarnsAndIsCleared()
    {
        KeepalivedConfigResult result = KeepalivedConfigReader.ReadText("vrrp_instance VI_1 {\n state MASTER\n nopreempt\n priority 150\n interface eth0\n virtual_router_id 5\n virtual_ipaddress {\n  10.0.0.1\n }\n}\n", "k.conf");

        Single(result).ToString().Should().StartWith("k.conf:3:2: warning: nopreempt does not work with `state MASTER`");
        result.Options.Instances["VI_1"].Preempt.Should().BeTrue();
    }

    [Fact]
    public void Bind_NopreemptWithStateBackup_IsKept()
    {
        KeepalivedConfigResult result = Instance("    nopreempt\n");

        result.Diagnostics.Should().BeEmpty();
        result.Options.Instances["VI_1"].Preempt.Should().BeFalse();
    }

    [Fact]
    public void Bind_VipOfTheOtherFamily_WarnsAndIsDropped()
    {
        KeepalivedConfigResult result = KeepalivedConfigReader.ReadText("vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 5\n virtual_ipaddress {\n  10.0.0.1/24\n  2001:db8::1\n  10.0.0.2\n }\n}\n", "k.conf");

        Single(result).ToString().Should().StartWith("k.conf:6:3: warning: 2001:db8::1 is not of the instance's address family (IPv4");
        result.Options.Instances["VI_1"].VirtualIpAddresses.Select(v => v.Address).Should().Equal("10.0.0.1/24", "10.0.0.2");
        result.SourceMap["Instances:VI_1:VirtualIpAddresses:1"].Line.Should().Be(7);
    }

    [Fact]
    public void Bind_Ipv6Instance_UsesVersion3()
    {
        KeepalivedConfigResult result = KeepalivedConfigReader.ReadText("vrrp_instance VI_6 {\n interface eth0\n version 2\n virtual_router_id 5\n virtual_ipaddress {\n  2001:db8::1/64\n }\n}\n");

        result.Diagnostics.Should().BeEmpty();
        result.Options.Instances["VI_6"].Version.Should().Be(VrrpVersion.V3);
    }

    [Fact]
    public void Bind_DuplicateVridOnOneInterface_IsAnError()
    {
        string text = "vrrp_instance A {\n interface eth0\n virtual_router_id 7\n virtual_ipaddress {\n  10.0.0.1\n }\n}\n"
            + "vrrp_instance B {\n interface eth0\n virtual_router_id 7\n virtual_ipaddress {\n  10.0.0.2\n }\n}\n"
            + "vrrp_instance C {\n interface eth1\n virtual_router_id 7\n virtual_ipaddress {\n  10.0.0.3\n }\n}\n"
            + "vrrp_instance D {\n interface eth0\n virtual_router_id 7\n virtual_ipaddress {\n  2001:db8::3\n }\n}\n";

        KeepalivedConfigResult result = KeepalivedConfigReader.ReadText(text, "k.conf");

        ConfigDiagnostic diagnostic = Single(result);
        diagnostic.Severity.Should().Be(ConfigDiagnosticSeverity.Error);
        diagnostic.ToString().Should().StartWith("k.conf:10:20: error: A and B both use VRID 7 with IPv4 on interface eth0");
    }

    [Theory]
    [InlineData("vrrp_garp_interval")]
    [InlineData("vrrp_gna_interval")]
    public void Bind_GarpIntervalZero_IsAWarningNotAnError(string keyword)
    {
        KeepalivedConfigResult result = KeepalivedConfigReader.ReadText($"global_defs {{\n  {keyword} 0\n}}\n", "k.conf");

        ConfigDiagnostic diagnostic = Single(result);
        diagnostic.Severity.Should().Be(ConfigDiagnosticSeverity.Warning);
        diagnostic.Span!.Value.ToString().Should().Be("k.conf:2:" + (keyword.Length + 4));
        result.HasErrors.Should().BeFalse();
    }

    [Fact]
    public void Bind_GlobalDefinitions_AreRead()
    {
        KeepalivedConfigResult result = KeepalivedConfigReader.ReadText(
            "global_defs {\n router_id r1\n vrrp_version 3\n vrrp_mcast_group4 224.0.0.19\n vrrp_mcast_group6 ff02::13\n vrrp_strict\n vrrp_skip_check_adv_addr\n"
            + " vrrp_garp_master_delay 2.5\n vrrp_garp_master_repeat 3\n vrrp_garp_master_refresh 60\n vrrp_garp_master_refresh_repeat 2\n vrrp_garp_interval 0.001\n vrrp_gna_interval 0.002\n"
            + " script_user nobody nogroup\n enable_script_security\n}\n");

        result.Diagnostics.Should().BeEmpty();
        result.Options.GlobalDefinitions.Should().BeEquivalentTo(new GlobalDefinitionsOptions
        {
            RouterId = "r1",
            VrrpVersion = VrrpVersion.V3,
            MulticastGroup4 = "224.0.0.19",
            MulticastGroup6 = "ff02::13",
            Strict = true,
            SkipCheckAdvertisementAddresses = true,
            GarpMasterDelay = TimeSpan.FromSeconds(2.5),
            GarpMasterRepeat = 3,
            GarpMasterRefresh = TimeSpan.FromSeconds(60),
            GarpMasterRefreshRepeat = 2,
            GarpInterval = TimeSpan.FromMilliseconds(1),
            GnaInterval = TimeSpan.FromMilliseconds(2),
            ScriptUser = "nobody",
            ScriptGroup = "nogroup",
            EnableScriptSecurity = true,
        });
    }

    [Fact]
    public void Bind_EveryInstanceKeyword_IsRead()
    {
        KeepalivedConfigResult result = KeepalivedConfigReader.ReadText(
            "vrrp_script chk { \n script \"/bin/check 'a b'\"\n interval 0.5\n timeout 3\n weight 10 reverse\n rise 2\n fall 3\n user nobody\n init_fail\n}\n"
            + "vrrp_instance VI_1 {\n state BACKUP\n interface eth0\n virtual_router_id 9\n priority 90\n advert_int 2\n nopreempt\n"
            + " unicast_src_ip 10.0.0.1\n unicast_peer {\n  10.0.0.2 min_ttl 250 max_ttl 255\n }\n mcast_src_ip 10.0.0.1\n mcast_dst_ip 224.0.0.77\n"
            + " virtual_ipaddress {\n  10.0.0.100/24 brd 10.0.0.255 dev eth1 scope link label eth1:vip\n }\n"
            + " virtual_ipaddress_excluded {\n  2001:db8::5/64\n }\n"
            + " track_interface {\n  eth1 weight -20\n }\n track_script {\n  chk weight -30 reverse\n }\n"
            + " notify_master \"/bin/notify master\"\n notify_backup /bin/notify backup\n notify_fault /bin/notify\n notify_stop /bin/stop\n notify /bin/all\n"
            + " garp_master_delay 1\n garp_master_repeat 2\n garp_master_refresh 30\n garp_master_refresh_repeat 4\n"
            + " no_accept\n dont_track_primary\n skip_check_adv_addr\n lower_prio_no_advert\n higher_prio_send_advert off\n strict_mode false\n}\n",
            "k.conf");

        result.Diagnostics.Select(d => d.Code).Should().BeEquivalentTo([ConfigDiagnosticCodes.ScriptSecurityDisabled, ConfigDiagnosticCodes.NotEnforced]);
        VrrpScriptOptions script = result.Options.Scripts["chk"];
        script.Should().BeEquivalentTo(new VrrpScriptOptions
        {
            Script = "/bin/check 'a b'",
            Interval = TimeSpan.FromSeconds(0.5),
            Timeout = TimeSpan.FromSeconds(3),
            Weight = 10,
            WeightReverse = true,
            Rise = 2,
            Fall = 3,
            User = "nobody",
            InitFail = true,
        });

        VrrpInstanceOptions instance = result.Options.Instances["VI_1"];
        instance.Priority.Should().Be(90);
        instance.AdvertisementInterval.Should().Be(TimeSpan.FromSeconds(2));
        instance.Preempt.Should().BeFalse();
        instance.UnicastSourceAddress.Should().Be("10.0.0.1");
        instance.UnicastPeers.Should().ContainSingle().Which.Should().BeEquivalentTo(new UnicastPeerOptions { Address = "10.0.0.2", MinTtl = 250, MaxTtl = 255 });
        instance.MulticastSourceAddress.Should().Be("10.0.0.1");
        instance.MulticastDestinationAddress.Should().Be("224.0.0.77");
        instance.VirtualIpAddresses.Single().Should().BeEquivalentTo(new VirtualIpAddressOptions
        {
            Address = "10.0.0.100/24",
            Broadcast = "10.0.0.255",
            Device = "eth1",
            Scope = "link",
            Label = "eth1:vip",
        });
        instance.ExcludedVirtualIpAddresses.Single().Address.Should().Be("2001:db8::5/64");
        instance.TrackInterfaces.Single().Should().BeEquivalentTo(new TrackInterfaceOptions { Interface = "eth1", Weight = -20 });
        instance.TrackScripts.Single().Should().BeEquivalentTo(new TrackScriptOptions { Script = "chk", Weight = -30, Reverse = true });
        instance.NotifyMaster.Should().Be("/bin/notify master");
        instance.NotifyBackup.Should().Be("/bin/notify backup");
        instance.NotifyFault.Should().Be("/bin/notify");
        instance.NotifyStop.Should().Be("/bin/stop");
        instance.Notify.Should().Be("/bin/all");
        instance.GarpMasterDelay.Should().Be(TimeSpan.FromSeconds(1));
        instance.GarpMasterRepeat.Should().Be(2);
        instance.GarpMasterRefresh.Should().Be(TimeSpan.FromSeconds(30));
        instance.GarpMasterRefreshRepeat.Should().Be(4);
        instance.Accept.Should().BeFalse();
        instance.DontTrackPrimary.Should().BeTrue();
        instance.SkipCheckAdvertisementAddresses.Should().BeTrue();
        instance.LowerPriorityNoAdvert.Should().BeTrue();
        instance.HigherPrioritySendAdvert.Should().BeFalse();
        instance.StrictMode.Should().BeFalse();
    }

    [Fact]
    public void Bind_SyncGroupWithUnknownMember_IsReportedAtTheMember()
    {
        KeepalivedConfigResult result = Instance(string.Empty, "vrrp_sync_group G {\n group {\n  VI_1\n  VI_2\n }\n}\n");

        result.Diagnostics.Select(d => (d.Code, d.Span!.Value.Line)).Should().Equal(
            (ConfigDiagnosticCodes.SyncGroupTooSmall, 2),
            (ConfigDiagnosticCodes.UnknownReference, 4));
        result.Options.SyncGroups["G"].Group.Should().Equal("VI_1", "VI_2");
    }

    [Fact]
    public void Bind_TrackUnknownScript_IsReportedWithAHint()
    {
        KeepalivedConfigResult result = Instance("    track_script {\n        chk_haproxi\n    }\n", "global_defs {\n enable_script_security\n}\nvrrp_script chk_haproxy {\n script /bin/true\n}\n");

        ConfigDiagnostic diagnostic = Single(result);
        diagnostic.Code.Should().Be(ConfigDiagnosticCodes.UnknownReference);
        diagnostic.Span!.Value.Line.Should().Be(13);
        diagnostic.Hint.Should().Be("did you mean `chk_haproxy`?");
    }

    [Fact]
    public void Bind_DuplicateInstanceName_WarnsAndKeepsTheFirst()
    {
        KeepalivedConfigResult result = KeepalivedConfigReader.ReadText(
            "vrrp_instance A {\n interface eth0\n virtual_router_id 1\n virtual_ipaddress {\n  10.0.0.1\n }\n}\nvrrp_instance A {\n interface eth0\n virtual_router_id 2\n}\n", "k.conf");

        Single(result).ToString().Should().StartWith("k.conf:8:15: warning: vrrp instance A is already defined at k.conf:1:15");
        result.Options.Instances["A"].VirtualRouterId.Should().Be(1);
    }

    [Fact]
    public void Bind_StatementsRunTogetherOnOneLine_SayALineBreakIsMissing()
    {
        KeepalivedConfigResult result = KeepalivedConfigReader.ReadText("vrrp_instance VI_1 { state BACKUP interface eth0 virtual_router_id 51 }\n", "k.conf");

        result.Diagnostics.Should().Contain(d => d.Code == ConfigDiagnosticCodes.ExtraArgument && d.Hint!.Contains("line break", StringComparison.Ordinal));
        result.HasErrors.Should().BeTrue("without interface and virtual_router_id the instance cannot run");
    }

    [Fact]
    public void Bind_HostChecks_ReportMissingInterfacesProgramsAndUsers()
    {
        var host = new FakeHostEnvironment();
        host.Programs["/bin/ok"] = ScriptProgramStatus.Ok;
        host.Programs["/bin/plain-file"] = ScriptProgramStatus.NotExecutable;
        host.Programs["/tmp/world-writable"] = ScriptProgramStatus.Insecure;
        string text = "global_defs {\n enable_script_security\n script_user ghost\n}\n"
            + "vrrp_script missing {\n script \"/bin/nothing -x\"\n}\n"
            + "vrrp_script plain {\n script /bin/plain-file\n}\n"
            + "vrrp_script unsafe {\n script /tmp/world-writable\n}\n"
            + "vrrp_script fine {\n script /bin/ok\n}\n"
            + "vrrp_instance VI_1 {\n interface eth9\n virtual_router_id 1\n virtual_ipaddress {\n  10.0.0.1 dev eth8\n }\n track_interface {\n  eth7\n }\n}\n"
            + "vrrp_instance VI_2 {\n interface lo\n virtual_router_id 2\n virtual_ipaddress {\n  10.0.0.2\n }\n}\n";

        KeepalivedConfigResult result = KeepalivedConfigReader.ReadText(text, "k.conf", new KeepalivedConfigReaderOptions { Host = host });

        result.Diagnostics.Select(d => (d.Code, d.Span!.Value.Line)).Should().BeEquivalentTo(new List<(string, int)>
        {
            (ConfigDiagnosticCodes.UserNotFound, 3),
            (ConfigDiagnosticCodes.ScriptNotFound, 6),
            (ConfigDiagnosticCodes.ScriptNotExecutable, 9),
            (ConfigDiagnosticCodes.ScriptInsecure, 12),
            (ConfigDiagnosticCodes.InterfaceNotFound, 18),
            (ConfigDiagnosticCodes.InterfaceNotFound, 21),
            (ConfigDiagnosticCodes.InterfaceNotFound, 24),
            (ConfigDiagnosticCodes.InterfaceNotFound, 28),
        });
        result.Diagnostics.Single(d => d.Span!.Value.Line == 28).Message.Should().Contain("loopback");
    }
}
