using Vrrp.Tracking;

namespace Vrrp.Tests.Tracking;

/// <summary><see cref="VrrpInstanceSettings.PriorityWhen"/>: the running instance's priority rules as a what-if.</summary>
public sealed class PriorityWhenTests
{
    private static readonly VrrpTrackedItem s_script = new() { Name = "chk_haproxy", Weight = -4 };
    private static readonly VrrpTrackedItem s_bonus = new() { Name = "chk_bonus", Weight = 10 };
    private static readonly VrrpTrackedItem s_link = new() { Name = "eth1", Weight = 0 };
    private static readonly VrrpTrackedItem s_reversed = new() { Name = "chk_reversed", Weight = -20, Reverse = true };

    [Fact]
    public void PriorityWhen_EachItemUpOrDown_FollowsWeightsReverseAndFault()
    {
        VrrpInstanceSettings settings = Settings(100, s_script, s_bonus, s_link, s_reversed);

        // All up: +10 from the bonus; the reversed item counts when it is up.
        settings.PriorityWhen(_ => true).Should().Be(90);
        settings.PriorityWhen(i => i != s_script).Should().Be(86);
        settings.PriorityWhen(i => i != s_bonus).Should().Be(80);
        settings.PriorityWhen(i => i != s_reversed).Should().Be(110);
        settings.PriorityWhen(i => i != s_link).Should().BeNull();
    }

    [Fact]
    public void PriorityWhen_ClampsTo1And254_AndLeavesTheOwnerAt255()
    {
        var heavy = new VrrpTrackedItem { Name = "heavy", Weight = -200 };
        var lift = new VrrpTrackedItem { Name = "lift", Weight = 200 };

        Settings(100, heavy).PriorityWhen(_ => false).Should().Be(1);
        Settings(100, lift).PriorityWhen(_ => true).Should().Be(254);
        Settings(255, heavy).PriorityWhen(_ => false).Should().Be(255);
    }

    [Fact]
    public void PriorityWhen_DoesNotChangeTheSettings()
    {
        VrrpInstanceSettings settings = Settings(100, s_script);

        settings.PriorityWhen(_ => false).Should().Be(96);
        settings.PriorityWhen(_ => true).Should().Be(100);
        settings.Priority.Should().Be(100);
    }

    private static VrrpInstanceSettings Settings(byte priority, params VrrpTrackedItem[] items) => new()
    {
        Name = "VI_1",
        VirtualRouterId = 51,
        Priority = priority,
        PrimaryAddress = IPAddress.Parse("10.0.0.1"),
        VirtualAddresses = [new VrrpVirtualAddress(IPAddress.Parse("10.0.0.100"), 24)],
        TrackedItems = items,
    };
}
