using Vrrp.Tracking;

namespace Vrrp.Tests.Tracking;

/// <summary>Value items: keepalived's track_file, whose value x weight moves the priority.</summary>
public sealed class TrackingPolicyValueTests
{
    private static TrackingPolicy File(int weight, bool reverse = false, byte priority = 100) =>
        new(priority, [new VrrpTrackedItem { Name = "offset", Weight = weight, Reverse = reverse, IsValue = true }]);

    [Theory]
    [InlineData(2, false, 5, 110)]
    [InlineData(2, true, 5, 90)]
    [InlineData(-3, false, 10, 70)]
    [InlineData(1, false, -20, 80)]
    [InlineData(1, false, 200, 254)]
    public void ReportValue_NonZeroWeight_MovesThePriorityByValueTimesWeight(int weight, bool reverse, long value, int expected)
    {
        TrackingPolicy policy = File(weight, reverse);

        policy.ReportValue(0, value).Should().BeTrue();

        policy.EffectivePriority.Should().Be((byte)expected);
        policy.IsFaulted.Should().BeFalse();
        policy.GetStatus(0).Value.Should().Be(value);
    }

    [Fact]
    public void ReportValue_ProductAtMinus254OrBelow_Faults()
    {
        TrackingPolicy policy = File(-2);

        policy.ReportValue(0, 127);

        policy.IsFaulted.Should().BeTrue();
        policy.DescribeFault().Should().Be("offset = 127");
        policy.ReportValue(0, 126);
        policy.IsFaulted.Should().BeFalse();
        policy.EffectivePriority.Should().Be(1);
    }

    [Theory]
    [InlineData(false, 0, false)]
    [InlineData(false, 3, true)]
    [InlineData(true, 0, true)]
    [InlineData(true, -1, false)]
    public void ReportValue_WeightZero_NonZeroFaultsOrWithReverseZeroFaults(bool reverse, long value, bool faulted)
    {
        TrackingPolicy policy = File(0, reverse);

        policy.ReportValue(0, value);

        policy.IsFaulted.Should().Be(faulted);
        policy.EffectivePriority.Should().Be(100);
    }

    [Fact]
    public void ReportValue_SameValueAgain_ChangesNothingAndDoesNotAllocate()
    {
        TrackingPolicy policy = File(1);
        policy.ReportValue(0, 4);

        long before = GC.GetAllocatedBytesForCurrentThread();
        bool changed = policy.ReportValue(0, 4) | policy.ReportValue(0, 5);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        changed.Should().BeTrue();
        allocated.Should().Be(0);
        policy.DescribePriority().Should().Be("105 = 100 + 5 (offset = 5)");
    }

    [Fact]
    public void ReportValue_AddressOwner_KeepsPriority255()
    {
        TrackingPolicy policy = File(10, priority: 255);

        policy.ReportValue(0, -5);

        policy.EffectivePriority.Should().Be(255);
    }

    [Fact]
    public void Validate_ValueItem_Takes254ButNotMore()
    {
        new VrrpTrackedItem { Name = "f", Weight = 254, IsValue = true }.Validate().Should().BeEmpty();
        new VrrpTrackedItem { Name = "f", Weight = 255, IsValue = true }.Validate().Should().ContainSingle();
        new VrrpTrackedItem { Name = "s", Weight = 254 }.Validate().Should().ContainSingle();
    }
}
