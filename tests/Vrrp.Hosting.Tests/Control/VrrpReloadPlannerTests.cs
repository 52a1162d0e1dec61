using Vrrp.Config;
using Vrrp.Hosting.Control;
using static Vrrp.TestSupport.Hosting.ReloadConf;

namespace Vrrp.Hosting.Tests.Control;

public sealed class VrrpReloadPlannerTests
{
    private static readonly string s_one = Instance("VI_1", 51, 100, ["10.0.0.100/24"]);
    private static readonly string s_two = Instance("VI_2", 52, 100, ["10.0.0.101/24"]);

    [Fact]
    public void Plan_SameFile_KeepsEverything()
    {
        string text = Group("VG", "VI_1", "VI_2") + s_one + s_two;

        List<VrrpReloadAction> actions = VrrpReloadPlanner.Plan(Read(text), Read(text));

        actions.Should().HaveCount(3).And.OnlyContain(a => a.Kind == VrrpReloadActionKind.Keep && a.Details.Count == 0);
    }

    [Fact]
    public void Plan_PriorityChanged_UpdateWithTheChange()
    {
        List<VrrpReloadAction> actions = VrrpReloadPlanner.Plan(Read(s_one), Read(Instance("VI_1", 51, 120, ["10.0.0.100/24"])));

        actions.Should().ContainSingle().Which.Should().BeEquivalentTo(new VrrpReloadAction("vrrp_instance", "VI_1", VrrpReloadActionKind.Update, ["priority 100 -> 120"]));
    }

    [Fact]
    public void Plan_VipAddedAndNotifyChanged_UpdateLive()
    {
        List<VrrpReloadAction> actions = VrrpReloadPlanner.Plan(Read(s_one), Read(Instance("VI_1", 51, 100, ["10.0.0.100/24", "10.0.0.102/24"], "notify_master /bin/true")));

        VrrpReloadAction action = actions.Should().ContainSingle().Subject;
        action.Kind.Should().Be(VrrpReloadActionKind.Update);
        action.Details.Should().Contain(d => d.Contains("10.0.0.102", StringComparison.Ordinal)).And.Contain("notify scripts changed");
    }

    [Theory]
    [InlineData("interface eth1", "interface eth0 -> eth1")]
    [InlineData("garp_master_delay 2", "gratuitous ARP / NA or virtual MAC settings changed")]
    public void Plan_ChangeThatCannotApplyLive_RestartSaysWhy(string change, string reason)
    {
        string next = change.StartsWith("interface", StringComparison.Ordinal)
            ? Instance("VI_1", 51, 100, ["10.0.0.100/24"], @interface: "eth1")
            : Instance("VI_1", 51, 100, ["10.0.0.100/24"], change);

        VrrpReloadAction action = VrrpReloadPlanner.Plan(Read(s_one), Read(next)).Should().ContainSingle().Subject;

        action.Kind.Should().Be(VrrpReloadActionKind.Restart);
        action.Details.Should().Contain(reason);
    }

    [Fact]
    public void Plan_InstanceReplaced_RemoveComesBeforeAdd()
    {
        List<VrrpReloadAction> actions = VrrpReloadPlanner.Plan(Read(s_one), Read(s_two));

        actions.Select(a => (a.Name, a.Kind)).Should().Equal(("VI_1", VrrpReloadActionKind.Remove), ("VI_2", VrrpReloadActionKind.Add));
    }

    [Fact]
    public void Plan_VipMovesBetweenInstances_TheReleasingUpdateComesFirstInOneReload()
    {
        // keepalived may bind the address on VI_2 before VI_1 lets go of it, and need a second reload to settle.
        string before = Instance("VI_2", 52, 100, ["10.0.0.101/24"]) + Instance("VI_1", 51, 100, ["10.0.0.100/24", "10.0.0.9/24"]);
        string after = Instance("VI_2", 52, 100, ["10.0.0.101/24", "10.0.0.9/24"]) + Instance("VI_1", 51, 100, ["10.0.0.100/24"]);

        List<VrrpReloadAction> actions = VrrpReloadPlanner.Plan(Read(before), Read(after));

        actions.Select(a => (a.Name, a.Kind)).Should().Equal(("VI_1", VrrpReloadActionKind.Update), ("VI_2", VrrpReloadActionKind.Update));
    }

    [Fact]
    public void Plan_SyncGroupMembership_GroupUpdatedAndMovedInstanceRestarts()
    {
        string three = Instance("VI_3", 53, 100, ["10.0.0.103/24"]);
        string before = Group("VG", "VI_1", "VI_2") + s_one + s_two + three;
        string after = Group("VG", "VI_1", "VI_3") + s_one + s_two + three;

        List<VrrpReloadAction> actions = VrrpReloadPlanner.Plan(Read(before), Read(after));

        actions.Should().ContainEquivalentOf(new VrrpReloadAction("vrrp_sync_group", "VG", VrrpReloadActionKind.Update, ["+ VI_3", "- VI_2"]));
        actions.Single(a => a.Name == "VI_1").Kind.Should().Be(VrrpReloadActionKind.Keep, "its group is formed again around the same instance");
        actions.Single(a => a.Name == "VI_2").Kind.Should().Be(VrrpReloadActionKind.Restart);
        actions.Single(a => a.Name == "VI_3").Kind.Should().Be(VrrpReloadActionKind.Restart);
        actions[0].Target.Should().Be("vrrp_sync_group", "the group is taken apart before its members stop");
    }

    [Fact]
    public void Plan_ScriptCommandChanged_TrackingInstanceUpdates()
    {
        const string Script = "vrrp_script chk {\n    script \"{0}\"\n    interval 1\n}\n";
        string tracked = Instance("VI_1", 51, 100, ["10.0.0.100/24"], "track_script {\n        chk\n    }");

        List<VrrpReloadAction> actions = VrrpReloadPlanner.Plan(Read(Script.Replace("{0}", "/bin/true", StringComparison.Ordinal) + tracked), Read(Script.Replace("{0}", "/bin/false", StringComparison.Ordinal) + tracked));

        actions.Should().ContainSingle().Which.Should().BeEquivalentTo(new VrrpReloadAction("vrrp_instance", "VI_1", VrrpReloadActionKind.Update, ["vrrp_script chk changed"]));
    }

    private static VrrpHostPlan Read(string text)
    {
        KeepalivedConfigResult result = KeepalivedConfigReader.ReadText(text);
        result.Diagnostics.Where(d => d.Severity == Vrrp.Config.Diagnostics.ConfigDiagnosticSeverity.Error).Should().BeEmpty();
        return InstanceSettingsFactory.Create(result.Validated);
    }
}
