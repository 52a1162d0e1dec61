using Vrrp.Instances;
using Vrrp.Tracking;

namespace Vrrp.Tests.Instances;

public sealed class VrrpSettingsDiffTests
{
    private static readonly VrrpVirtualAddress Vip8 = VrrpVirtualAddress.Parse("10.0.0.8/24");
    private static readonly VrrpVirtualAddress Vip9 = VrrpVirtualAddress.Parse("10.0.0.9/24");

    public static TheoryData<string, bool> Fields => new()
    {
        { "priority", false },
        { "owner", true },
        { "advert_int", false },
        { "preempt", false },
        { "preempt_delay", false },
        { "lower_prio_no_advert", false },
        { "higher_prio_send_advert", false },
        { "start_as_master", false },
        { "check_adv_addr", false },
        { "drop_adv_addr_mismatch", false },
        { "check_unicast_src", false },
        { "track_weight", false },
        { "track_added", true },
        { "name", true },
        { "vrid", true },
        { "version", true },
        { "interface", true },
        { "primary", true },
        { "unicast_peer", true },
        { "mcast_group", true },
        { "auth", true },
        { "checksum", true },
        { "accept", true },
        { "fault_on_link_down", true },
        { "family", true },
        { "sync_group", true },
    };

    [Fact]
    public void Compare_UnchangedCopyWithNewLists_IsEmpty()
    {
        VrrpInstanceSettings running = Settings();

        // A re-read file builds new lists and new records with the same values.
        VrrpInstanceSettings next = Settings();

        VrrpSettingsDiff diff = VrrpSettingsDiff.Compare(running, next);

        ReferenceEquals(running.VirtualAddresses, next.VirtualAddresses).Should().BeFalse();
        diff.IsEmpty.Should().BeTrue(diff.ToString());
        diff.RequiresRestart.Should().BeFalse();
        diff.AddedAddresses.Should().BeEmpty();
        diff.RemovedAddresses.Should().BeEmpty();
        diff.ToString().Should().Be("unchanged");
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public void Compare_OneFieldChanged_GoesToItsBucket(string field, bool restart)
    {
        VrrpInstanceSettings running = Settings();
        VrrpInstanceSettings next = Change(running, field);

        VrrpSettingsDiff diff = VrrpSettingsDiff.Compare(running, next);

        diff.IsEmpty.Should().BeFalse();
        diff.RequiresRestart.Should().Be(restart, diff.ToString());
        (restart ? diff.RestartReasons : diff.Changes).Should().ContainSingle();
        (restart ? diff.Changes : diff.RestartReasons).Should().BeEmpty();
    }

    [Fact]
    public void Compare_Lines_SayWhatChanged()
    {
        VrrpInstanceSettings running = Settings();

        VrrpSettingsDiff.Compare(running, running with { Priority = 90 }).Changes.Should().Equal("priority 100 -> 90");
        VrrpSettingsDiff.Compare(running, running with { InterfaceName = "eth1" }).RestartReasons.Should().Equal("interface eth0 -> eth1");
        VrrpSettingsDiff.Compare(running, running with { Priority = 255 }).RestartReasons.Should().Equal("priority 100 -> 255 (address owner)");
        VrrpSettingsDiff.Compare(running, running with { Preempt = false }).Changes.Should().Equal("preempt on -> off");
        VrrpSettingsDiff.Compare(running, running with { AuthType = VrrpAuthType.SimpleText, AuthPassword = "secret" }).RestartReasons
            .Should().Equal("auth_type None -> SimpleText", "auth_pass changed");
    }

    [Fact]
    public void Compare_VirtualAddresses_ListsAddedAndRemoved()
    {
        VrrpInstanceSettings running = Settings() with { VirtualAddresses = [InstanceFixture.Vip, Vip8] };
        VrrpInstanceSettings next = running with { VirtualAddresses = [InstanceFixture.Vip, Vip9] };

        VrrpSettingsDiff diff = VrrpSettingsDiff.Compare(running, next);

        diff.RequiresRestart.Should().BeFalse();
        diff.AddedAddresses.Should().Equal(Vip9);
        diff.RemovedAddresses.Should().Equal(Vip8);
        diff.Changes.Should().Equal("- 10.0.0.8/24", "+ 10.0.0.9/24");
    }

    [Fact]
    public void Compare_ExcludedAddressAddedOrAddressAttributesChanged_IsLive()
    {
        VrrpInstanceSettings running = Settings();
        VrrpVirtualAddress excluded = VrrpVirtualAddress.Parse("2001:db8::1/64") with { IsExcluded = true };
        VrrpVirtualAddress labelled = InstanceFixture.Vip with { Label = "eth0:1" };

        VrrpSettingsDiff added = VrrpSettingsDiff.Compare(running, running with { VirtualAddresses = [InstanceFixture.Vip, excluded] });
        VrrpSettingsDiff relabelled = VrrpSettingsDiff.Compare(running, running with { VirtualAddresses = [labelled] });

        added.AddedAddresses.Should().Equal(excluded);
        added.Changes.Should().Equal("+ 2001:db8::1/64 (excluded)");
        relabelled.RemovedAddresses.Should().Equal(InstanceFixture.Vip);
        relabelled.AddedAddresses.Should().Equal(labelled);
        relabelled.Changes.Should().Equal("- 10.0.0.100/24", "+ 10.0.0.100/24 label eth0:1");
    }

    [Fact]
    public void Compare_OnlyTheOrderOfAddressesChanged_IsOneLiveChangeWithoutAddedOrRemoved()
    {
        VrrpInstanceSettings running = Settings() with { VirtualAddresses = [Vip8, Vip9] };

        VrrpSettingsDiff diff = VrrpSettingsDiff.Compare(running, running with { VirtualAddresses = [Vip9, Vip8] });

        diff.Changes.Should().Equal("virtual address order changed");
        diff.AddedAddresses.Should().BeEmpty();
        diff.RemovedAddresses.Should().BeEmpty();
    }

    [Fact]
    public void Compare_UnspecifiedPrimaryAddress_MatchesThePickedOneOfTheSameFamily()
    {
        VrrpInstanceSettings picked = Settings();

        VrrpSettingsDiff.Compare(picked, picked with { PrimaryAddress = IPAddress.Any }).IsEmpty.Should().BeTrue();
        VrrpSettingsDiff.Compare(picked, picked with { PrimaryAddress = IPAddress.Parse("10.0.0.3") }).RequiresRestart.Should().BeTrue();
    }

    internal static VrrpInstanceSettings Settings() => new()
    {
        Name = "VI_1",
        VirtualRouterId = 51,
        Priority = 100,
        InterfaceName = "eth0",
        PrimaryAddress = IPAddress.Parse("10.0.0.1"),
        VirtualAddresses = [VrrpVirtualAddress.Parse("10.0.0.100/24")],
        UnicastPeers = [IPAddress.Parse("10.0.0.2")],
        TrackedItems = [new VrrpTrackedItem { Name = "chk", Weight = -20 }],
    };

    private static VrrpInstanceSettings Change(VrrpInstanceSettings s, string field) => field switch
    {
        "priority" => s with { Priority = 90 },
        "owner" => s with { Priority = 255 },
        "advert_int" => s with { AdvertInterval = TimeSpan.FromMilliseconds(500) },
        "preempt" => s with { Preempt = false },
        "preempt_delay" => s with { PreemptDelay = TimeSpan.FromSeconds(5) },
        "lower_prio_no_advert" => s with { LowerPriorityNoAdvert = true },
        "higher_prio_send_advert" => s with { HigherPrioritySendAdvert = false },
        "start_as_master" => s with { StartAsMaster = true },
        "check_adv_addr" => s with { CheckAdvertisementAddresses = false },
        "drop_adv_addr_mismatch" => s with { DropAddressListMismatch = true },
        "check_unicast_src" => s with { CheckUnicastSource = true },
        "track_weight" => s with { TrackedItems = [new VrrpTrackedItem { Name = "chk", Weight = -30 }] },
        "track_added" => s with { TrackedItems = [.. s.TrackedItems, new VrrpTrackedItem { Name = "chk2" }] },
        "name" => s with { Name = "VI_2" },
        "vrid" => s with { VirtualRouterId = 52 },
        "version" => s with { Version = VrrpVersion.V2 },
        "interface" => s with { InterfaceName = "eth1" },
        "primary" => s with { PrimaryAddress = IPAddress.Parse("10.0.0.3") },
        "unicast_peer" => s with { UnicastPeers = [IPAddress.Parse("10.0.0.3")] },
        "mcast_group" => s with { MulticastGroup = IPAddress.Parse("224.0.0.19") },
        "auth" => s with { AuthPassword = "secret" },
        "checksum" => s with { Ipv4ChecksumForm = VrrpChecksumForm.Message },
        "accept" => s with { AcceptMode = false },
        "fault_on_link_down" => s with { FaultOnLinkDown = false },
        "family" => s with { PrimaryAddress = IPAddress.Parse("fe80::1") },
        "sync_group" => s with { SyncGroup = "VG_1" },
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };
}
