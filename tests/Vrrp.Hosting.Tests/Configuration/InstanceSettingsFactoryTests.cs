using Vrrp.Config;
using Vrrp.Config.Diagnostics;
using Vrrp.Packets;
using Vrrp.Platform;
using Vrrp.Tracking;

namespace Vrrp.Hosting.Tests.Configuration;

public sealed class InstanceSettingsFactoryTests
{
    private const string Global = """
        global_defs {
            router_id lb1
            enable_script_security
            script_user root
        }

        """;

    [Fact]
    public void Create_HaproxyPair_MapsEveryBasicKeyword()
    {
        VrrpHostPlan plan = Map("""
            vrrp_instance VI_1 {
                state BACKUP
                interface eth0
                virtual_router_id 51
                priority 150
                advert_int 2
                authentication {
                    auth_type PASS
                    auth_pass secret
                }
                virtual_ipaddress {
                    192.168.1.100/24 dev eth1 label eth1:vip
                    192.168.1.101
                }
            }
            """);

        VrrpInstanceSettings s = plan.Instances.Should().ContainSingle().Subject.Settings;
        s.Name.Should().Be("VI_1");
        s.InterfaceName.Should().Be("eth0");
        s.VirtualRouterId.Should().Be(51);
        s.Priority.Should().Be(150);
        s.AdvertInterval.Should().Be(TimeSpan.FromSeconds(2));
        s.Version.Should().Be(VrrpVersion.V2, "keepalived's default vrrp_version is 2");
        s.AuthType.Should().Be(VrrpAuthType.SimpleText);
        s.AuthPassword.Should().Be("secret");
        s.Preempt.Should().BeTrue();
        s.PrimaryAddress.Should().Be(IPAddress.Any, "the platform resolves the interface's address");
        s.UnicastPeers.Should().BeEmpty();
        s.VirtualAddresses.Should().HaveCount(2);
        s.VirtualAddresses[0].Should().Be(new VrrpVirtualAddress(IPAddress.Parse("192.168.1.100"), 24) { Device = "eth1", Label = "eth1:vip" });
        s.VirtualAddresses[1].Should().Be(new VrrpVirtualAddress(IPAddress.Parse("192.168.1.101"), 32));
        plan.Errors.Should().BeEmpty();
    }

    [Fact]
    public void Create_StateMasterWithoutPriority_GetsPriority255AsKeepalived()
    {
        VrrpHostPlan plan = Map(Instance("state MASTER"));

        plan.Instances[0].Settings.Priority.Should().Be(255);
    }

    [Fact]
    public void Create_StateMasterWithPriority_KeepsPriorityAndStartsAsBackup()
    {
        VrrpHostPlan plan = Map(Instance("state MASTER", "priority 100"));

        plan.Instances[0].Settings.Priority.Should().Be(100, "only an address owner (255) starts as master at once, in keepalived and here");
    }

    [Theory]
    [InlineData("version 3", null, 3)]
    [InlineData("version 2", null, 2)]
    [InlineData(null, "vrrp_version 3", 3)]
    public void Create_Version_ComesFromInstanceThenGlobal(string? instanceLine, string? globalLine, int expected)
    {
        string global = globalLine is null ? string.Empty : $"global_defs {{\n {globalLine}\n}}\n";
        VrrpHostPlan plan = Map(global + Instance(instanceLine ?? string.Empty), withGlobal: false);

        plan.Instances[0].Settings.Version.Should().Be((VrrpVersion)expected);
    }

    [Fact]
    public void Create_IPv6Instance_IsVersion3WithIPv6AnyPrimary()
    {
        VrrpHostPlan plan = Map("""
            vrrp_instance VI_6 {
                interface eth0
                virtual_router_id 60
                virtual_ipaddress {
                    fd00::100/64
                }
            }
            """);

        VrrpInstanceSettings s = plan.Instances[0].Settings;
        s.Version.Should().Be(VrrpVersion.V3);
        s.PrimaryAddress.Should().Be(IPAddress.IPv6Any);
        s.VirtualAddresses[0].PrefixLength.Should().Be(64);
    }

    [Fact]
    public void Create_NopreemptAndPreemptDelay_MapToPreemptSettings()
    {
        Map(Instance("nopreempt")).Instances[0].Settings.Preempt.Should().BeFalse();
        VrrpInstanceSettings delayed = Map(Instance("preempt_delay 30")).Instances[0].Settings;
        delayed.Preempt.Should().BeTrue();
        delayed.PreemptDelay.Should().Be(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void Create_UnicastSourceAndPeers_MapToPrimaryAddressAndPeers()
    {
        VrrpHostPlan plan = Map(Instance("unicast_src_ip 10.0.0.1", "unicast_peer {\n 10.0.0.2\n 10.0.0.3\n}"));

        VrrpInstanceSettings s = plan.Instances[0].Settings;
        s.PrimaryAddress.Should().Be(IPAddress.Parse("10.0.0.1"));
        s.UnicastPeers.Should().Equal(IPAddress.Parse("10.0.0.2"), IPAddress.Parse("10.0.0.3"));
    }

    [Fact]
    public void Create_TrackInterfaceWeights_BecomeTrackedItems()
    {
        VrrpHostPlan plan = Map(Instance("track_interface {\n eth1 weight -20\n eth2\n eth3 weight 10 reverse\n}"));

        VrrpInstancePlan instance = plan.Instances[0];
        instance.Settings.TrackedItems.Should().BeEquivalentTo(new[]
        {
            new VrrpTrackedItem { Name = "eth1", Weight = -20 },
            new VrrpTrackedItem { Name = "eth2", Weight = 0 },
            new VrrpTrackedItem { Name = "eth3", Weight = 10, Reverse = true },
        });
        instance.TrackedInterfaces.Select(t => t.InterfaceName).Should().Equal("eth1", "eth2", "eth3");
    }

    [Fact]
    public void Create_TrackScript_TakesScriptSettingsAndTrackWeightOverride()
    {
        VrrpHostPlan plan = Map("""
            vrrp_script chk_a {
                script "/bin/true"
                interval 2
                weight -30
                rise 3
                fall 2
                init_fail
            }
            vrrp_script chk_b {
                script "/bin/true"
                weight 10 reverse
            }
            """ + Instance("track_script {\n chk_a\n chk_b weight -5\n}"));

        VrrpInstancePlan instance = plan.Instances[0];
        instance.Settings.TrackedItems.Should().BeEquivalentTo(new[]
        {
            new VrrpTrackedItem { Name = "chk_a", Weight = -30, Rise = 3, Fall = 2, InitFail = true },
            new VrrpTrackedItem { Name = "chk_b", Weight = -5, Reverse = false },
        });
        instance.TrackedScripts.Should().Equal("chk_a", "chk_b");
        plan.Scripts.Keys.Should().BeEquivalentTo("chk_a", "chk_b");
        plan.Scripts["chk_a"].Interval.Should().Be(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void Create_ScriptReverseWithoutTrackWeight_KeepsReverse()
    {
        VrrpHostPlan plan = Map("vrrp_script chk {\n script \"/bin/true\"\n weight 10 reverse\n}\n" + Instance("track_script {\n chk\n}"));

        plan.Instances[0].Settings.TrackedItems[0].Should().BeEquivalentTo(new VrrpTrackedItem { Name = "chk", Weight = 10, Reverse = true });
    }

    [Fact]
    public void Create_SyncGroup_ListsMembersAndAppliesGroupTracking()
    {
        VrrpHostPlan plan = Map("""
            vrrp_script chk {
                script "/bin/true"
            }
            vrrp_sync_group VG_1 {
                group {
                    VI_A
                    VI_B
                }
                track_script {
                    chk
                }
                track_interface {
                    eth9
                }
            }
            vrrp_instance VI_A {
                interface eth0
                virtual_router_id 1
                virtual_ipaddress {
                    10.0.0.100
                }
            }
            vrrp_instance VI_B {
                interface eth1
                virtual_router_id 2
                virtual_ipaddress {
                    10.1.0.100
                }
            }
            """);

        plan.SyncGroups.Should().ContainKey("VG_1").WhoseValue.Should().Equal("VI_A", "VI_B");
        plan.Instances.Should().AllSatisfy(i =>
        {
            i.SyncGroup.Should().Be("VG_1");
            i.Settings.TrackedItems.Select(t => t.Name).Should().Equal("chk", "eth9");
        });
    }

    [Fact]
    public void Create_GarpMasterSettings_ComeFromInstanceThenGlobal()
    {
        VrrpHostPlan plan = Map("""
            global_defs {
                vrrp_garp_master_repeat 3
                vrrp_garp_master_refresh 60
                vrrp_garp_interval 0.01
            }
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 1
                garp_master_delay 0
                garp_master_refresh_repeat 2
                virtual_ipaddress {
                    10.0.0.100
                }
            }
            """, withGlobal: false);

        VrrpAnnouncementSettings a = plan.Instances[0].Announcement;
        a.Delay.Should().Be(TimeSpan.Zero);
        a.Repeat.Should().Be(3);
        a.RefreshInterval.Should().Be(TimeSpan.FromSeconds(60));
        a.RefreshRepeat.Should().Be(2);
        a.Interval.Should().Be(TimeSpan.FromMilliseconds(10));
    }

    [Fact]
    public void Create_Defaults_MatchKeepalived()
    {
        VrrpHostPlan plan = Map(Instance());

        VrrpInstancePlan instance = plan.Instances[0];
        instance.Settings.Priority.Should().Be(100);
        instance.Settings.AdvertInterval.Should().Be(TimeSpan.FromSeconds(1));
        instance.Settings.CheckAdvertisementAddresses.Should().BeTrue();
        instance.Settings.AcceptMode.Should().BeTrue();
        instance.Announcement.Should().Be(new VrrpAnnouncementSettings { LowerPriorityRepeat = 5, LowerPriorityDelay = TimeSpan.FromSeconds(5) }, "garp_lower_prio_* default to the global garp_master_* values");
        instance.Notify.IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void Create_NotifyHooks_AreCarried()
    {
        VrrpHostPlan plan = Map(Instance(
            "notify_master \"/etc/keepalived/notify.sh MASTER\"",
            "notify_backup /b",
            "notify_fault /f",
            "notify_stop /s",
            "notify /n"));

        plan.Instances[0].Notify.Should().Be(new NotifyCommands("/etc/keepalived/notify.sh MASTER", "/b", "/f", "/s", "/n"));
    }

    [Fact]
    public void Create_SkipCheckAdvAddrAndLowerPrioNoAdvert_Map()
    {
        VrrpInstanceSettings s = Map(Instance("skip_check_adv_addr", "lower_prio_no_advert")).Instances[0].Settings;

        s.CheckAdvertisementAddresses.Should().BeFalse();
        s.LowerPriorityNoAdvert.Should().BeTrue();
    }

    [Fact]
    public void Create_ShortIpv4FormFromCodeOrAppsettings_IsAnErrorAtItsOptionPath_NotAnotherAddress()
    {
        var options = new Vrrp.Config.Options.VrrpOptions();
        var instance = new Vrrp.Config.Options.VrrpInstanceOptions { Interface = "eth0", VirtualRouterId = 7, UnicastSourceAddress = "10.1" };
        instance.VirtualIpAddresses.Add(new Vrrp.Config.Options.VirtualIpAddressOptions { Address = "10.0.0.100" });
        instance.UnicastPeers.Add(new Vrrp.Config.Options.UnicastPeerOptions { Address = "10.2" });
        options.Instances["VI_1"] = instance;

        VrrpHostPlan plan = InstanceSettingsFactory.Create(options);

        plan.Instances.Should().BeEmpty();
        plan.Diagnostics.Where(d => d.Severity == ConfigDiagnosticSeverity.Error).Select(d => d.OptionPath)
            .Should().Contain(["Instances:VI_1:UnicastSourceAddress", "Instances:VI_1:UnicastPeers:0"]);
        plan.Errors.Should().Contain(e => e.Contains("unicast_peer `10.2` is not an IP address", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_RealtimeKeywords_AreThePlansScheduling()
    {
        VrrpSchedulingSettings set = Map("global_defs {\n vrrp_rt_priority 30\n vrrp_rlimit_rttime 25000\n vrrp_no_swap\n}\n" + Instance()).Scheduling;
        VrrpSchedulingSettings none = Map(Instance()).Scheduling;

        set.Should().Be(new VrrpSchedulingSettings { RealtimePriority = 30, RealtimeRuntimeLimit = TimeSpan.FromMilliseconds(25), LockMemory = true });
        none.Should().Be(VrrpSchedulingSettings.Default);
        none.RealtimeRuntimeLimit.Should().Be(TimeSpan.FromMilliseconds(10), "keepalived's default RLIMIT_RTTIME is 10000 µs");
    }

    [Fact]
    public void Create_VrrpLowerPrioNoAdvert_IsTheDefaultOfInstancesWithoutLowerPrioNoAdvert()
    {
        const string Defaults = "global_defs {\n vrrp_lower_prio_no_advert\n}\n";

        Map(Defaults + Instance()).Instances[0].Settings.LowerPriorityNoAdvert.Should().BeTrue();
        Map(Defaults + Instance("lower_prio_no_advert off")).Instances[0].Settings.LowerPriorityNoAdvert.Should().BeFalse();
    }

    [Fact]
    public void Create_GarpLowerPrioAndHigherPrioSendAdvert_MapAsKeepalivedDefaultsThem()
    {
        VrrpInstancePlan plain = Map(Instance()).Instances[0];
        plain.Settings.HigherPrioritySendAdvert.Should().BeNull("Core then sends the yielding advert unless lower_prio_no_advert");
        plain.Announcement.LowerPriorityRepeat.Should().Be(5);

        VrrpInstancePlan set = Map(Global.Replace("router_id lb1", "router_id lb1\n vrrp_garp_master_repeat 2\n vrrp_garp_lower_prio_delay 9", StringComparison.Ordinal) + Instance("higher_prio_send_advert off", "garp_lower_prio_repeat 1"), withGlobal: false).Instances[0];
        set.Settings.HigherPrioritySendAdvert.Should().BeFalse();
        set.Announcement.LowerPriorityRepeat.Should().Be(1);
        set.Announcement.LowerPriorityDelay.Should().Be(TimeSpan.FromSeconds(9));

        VrrpInstancePlan strict = Map(Instance("strict_mode", "higher_prio_send_advert", "garp_lower_prio_repeat 4")).Instances[0];
        strict.Settings.HigherPrioritySendAdvert.Should().BeFalse("strict mode cannot set higher_prio_send_advert");
        strict.Announcement.LowerPriorityRepeat.Should().Be(0, "strict mode sends no lower-priority GARPs");
    }

    [Fact]
    public void Create_StateMaster_MapsToStartAsMaster()
    {
        Map(Instance("state MASTER", "priority 150")).Instances[0].Settings.StartAsMaster.Should().BeTrue();
        Map(Instance("state BACKUP", "priority 150")).Instances[0].Settings.StartAsMaster.Should().BeFalse();
    }

    [Fact]
    public void Create_CheckUnicastSrcAndDropAdvAddrMismatch_MapFromInstanceOrGlobalDefs()
    {
        VrrpInstanceSettings defaults = Map(Instance()).Instances[0].Settings;
        VrrpInstanceSettings instance = Map(Instance("check_unicast_src", "drop_adv_addr_mismatch")).Instances[0].Settings;
        VrrpInstanceSettings global = Map("global_defs {\n enable_script_security\n vrrp_check_unicast_src\n vrrp_drop_adv_addr_mismatch\n}\n" + Instance(), withGlobal: false).Instances[0].Settings;

        (defaults.CheckUnicastSource, defaults.DropAddressListMismatch).Should().Be((false, false));
        (instance.CheckUnicastSource, instance.DropAddressListMismatch).Should().Be((true, true));
        (global.CheckUnicastSource, global.DropAddressListMismatch).Should().Be((true, true));
    }

    [Fact]
    public void Create_ScopeAndBrd_AreCarriedOnTheVirtualAddress()
    {
        VrrpHostPlan plan = Map("""
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 1
                virtual_ipaddress {
                    10.0.0.100/24 brd + scope link
                    10.0.0.101/24 brd 10.0.0.127 scope host
                    10.0.0.102/24 brd - scope 42
                    10.0.0.103
                }
            }
            """);

        plan.Warnings.Should().BeEmpty();
        VrrpInstanceSettings s = plan.Instances.Should().ContainSingle().Subject.Settings;
        s.VirtualAddresses.Select(v => (v.Scope, v.Broadcast?.ToString())).Should().Equal(
            ((byte?)253, "10.0.0.255"),
            ((byte?)254, "10.0.0.127"),
            ((byte?)42, (string?)null),
            ((byte?)null, (string?)null));
    }

    [Fact]
    public void Create_BrdOnIpv6_IsIgnoredWithAWarning()
    {
        VrrpHostPlan plan = Map("vrrp_instance VI_6 {\n interface eth0\n virtual_router_id 6\n virtual_ipaddress {\n 2001:db8::10/64 brd + scope site\n }\n}\n");

        plan.Warnings.Should().ContainSingle().Which.Should().Contain("VI_6").And.Contain("brd applies to IPv4 only");
        VrrpVirtualAddress vip = plan.Instances.Should().ContainSingle().Subject.Settings.VirtualAddresses.Should().ContainSingle().Subject;
        vip.Broadcast.Should().BeNull();
        vip.Scope.Should().Be(200);
    }

    [Fact]
    public void Create_ExcludedAddresses_AreBoundButNotAdvertised()
    {
        VrrpHostPlan plan = Map("""
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 1
                virtual_ipaddress {
                    10.0.0.100/24
                }
                virtual_ipaddress_excluded {
                    10.0.0.200/24 scope link
                    2001:db8::200/64
                }
            }
            """);

        plan.Errors.Should().BeEmpty();
        plan.Warnings.Should().BeEmpty();
        VrrpInstanceSettings s = plan.Instances.Should().ContainSingle().Subject.Settings;
        s.VirtualAddresses.Select(v => (v.ToString(), v.IsExcluded)).Should().Equal(("10.0.0.100/24", false), ("10.0.0.200/24", true), ("2001:db8::200/64", true));
        s.VirtualAddresses[1].Scope.Should().Be(253);
        s.AdvertisedAddresses.Should().ContainSingle().Which.Address.Should().Be(IPAddress.Parse("10.0.0.100"));
        s.Family.Should().Be(System.Net.Sockets.AddressFamily.InterNetwork, "an excluded IPv6 address does not change the instance's family");
    }

    [Fact]
    public void Create_OnlyExcludedAddresses_IsAnErrorSinceAdvertsCarryNone()
    {
        VrrpHostPlan plan = Map("vrrp_instance VI_X {\n interface eth0\n virtual_router_id 9\n virtual_ipaddress_excluded {\n 10.0.0.200\n }\n}\n", expectReaderErrors: true);

        plan.Instances.Should().BeEmpty();
        plan.Errors.Should().ContainSingle().Which.Should().Contain("VI_X").And.Contain("at least one virtual address");
    }

    [Fact]
    public void Create_GlobalMulticastGroups_MapByFamily()
    {
        const string Text = """
            global_defs {
                vrrp_mcast_group4 224.0.0.99
                vrrp_mcast_group6 ff02::99
            }
            vrrp_instance VI_4 {
                interface eth0
                virtual_router_id 4
                virtual_ipaddress {
                    10.0.0.100
                }
            }
            vrrp_instance VI_6 {
                interface eth0
                virtual_router_id 6
                virtual_ipaddress {
                    2001:db8::10
                }
            }
            """;

        VrrpHostPlan plan = Map(Text, withGlobal: false);

        plan.Instances.Select(i => (i.Name, i.Settings.MulticastGroup?.ToString())).Should().Equal(("VI_4", "224.0.0.99"), ("VI_6", "ff02::99"));
    }

    [Fact]
    public void Create_McastDstIp_OverridesTheGlobalGroupForThatInstance()
    {
        VrrpHostPlan plan = Map("global_defs {\n vrrp_mcast_group4 224.0.0.99\n}\n" + Instance("mcast_dst_ip 224.0.0.77"), withGlobal: false);

        plan.Instances[0].Settings.MulticastGroup.Should().Be(IPAddress.Parse("224.0.0.77"));
    }

    [Fact]
    public void Create_McastDstIpNotMulticast_IsAnError()
    {
        VrrpHostPlan plan = Map(Instance("mcast_dst_ip 10.0.0.9"), expectReaderErrors: true);

        plan.Instances.Should().BeEmpty();
        plan.Errors.Should().ContainSingle().Which.Should().Contain("VI_1").And.Contain("multicast group 10.0.0.9 is not a multicast address");
    }

    [Fact]
    public void Create_DefaultMulticastGroup_IsNullForTheRfcGroup()
    {
        Map(Instance()).Instances[0].Settings.MulticastGroup.Should().BeNull();
    }

    [Fact]
    public void Create_DontTrackPrimary_ClearsFaultOnLinkDown()
    {
        Map(Instance("dont_track_primary")).Instances[0].Settings.FaultOnLinkDown.Should().BeFalse();
        Map(Instance()).Instances[0].Settings.FaultOnLinkDown.Should().BeTrue();
    }

    [Fact]
    public void Create_InstanceWithoutVirtualAddress_IsAnErrorNamingIt()
    {
        VrrpHostPlan plan = Map("vrrp_instance VI_X {\n interface eth0\n virtual_router_id 9\n}\n", expectReaderErrors: true);

        plan.Instances.Should().BeEmpty();
        plan.Errors.Should().ContainSingle().Which.Should().Contain("VI_X").And.Contain("virtual address");
    }

    private static string Instance(params string[] lines) =>
        "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n" + string.Join('\n', lines) + "\n virtual_ipaddress {\n 10.0.0.100\n }\n}\n";

    private static VrrpHostPlan Map(string text, bool withGlobal = true, bool expectReaderErrors = false)
    {
        KeepalivedConfigResult result = KeepalivedConfigReader.ReadText(withGlobal ? Global + text : text);
        if (!expectReaderErrors)
        {
            result.Diagnostics.Where(d => d.Severity == ConfigDiagnosticSeverity.Error).Should().BeEmpty();
        }

        return InstanceSettingsFactory.Create(result.Options);
    }
}
