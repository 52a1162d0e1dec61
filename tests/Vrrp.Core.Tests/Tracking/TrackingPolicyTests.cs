using Vrrp.Tracking;

namespace Vrrp.Tests.Tracking;

public sealed class TrackingPolicyTests
{
    [Fact]
    public void Report_NegativeWeightFailing_SubtractsWeightAndExplains()
    {
        var policy = new TrackingPolicy(100, [new VrrpTrackedItem { Name = "chk_haproxy", Weight = -4 }]);

        policy.Report(0, success: false).Should().BeTrue();

        policy.EffectivePriority.Should().Be(96);
        policy.DescribePriority().Should().Be("96 = 100 - 4 (chk_haproxy failing)");
        policy.IsFaulted.Should().BeFalse();
    }

    [Fact]
    public void Report_PositiveWeightUp_AddsWeight()
    {
        var policy = new TrackingPolicy(100, [new VrrpTrackedItem { Name = "chk", Weight = 20 }]);

        policy.EffectivePriority.Should().Be(120);
        policy.Report(0, success: false);
        policy.EffectivePriority.Should().Be(100);
        policy.DescribePriority().Should().Be("100");
    }

    [Fact]
    public void Report_ReverseWeight_CountsWhileTheItemIsUp()
    {
        var policy = new TrackingPolicy(100, [new VrrpTrackedItem { Name = "maintenance", Weight = -50, Reverse = true }]);

        policy.EffectivePriority.Should().Be(50);
        policy.Report(0, success: false);
        policy.EffectivePriority.Should().Be(100);
    }

    [Fact]
    public void Keepalived_EffectivePriority_IsClampedTo1Through254()
    {
        var policy = new TrackingPolicy(
            200,
            [new VrrpTrackedItem { Name = "a", Weight = 100 }, new VrrpTrackedItem { Name = "b", Weight = -253 }]);

        policy.EffectivePriority.Should().Be(254);
        policy.Report(0, false);
        policy.Report(1, false);
        policy.EffectivePriority.Should().Be(1);
        policy.DescribePriority().Should().Be("1 = 200 - 253 (b failing), clamped to 1..254");
    }

    [Fact]
    public void Keepalived_AddressOwner_IsNotMovedByTracking()
    {
        var policy = new TrackingPolicy(255, [new VrrpTrackedItem { Name = "a", Weight = -100 }]);

        policy.Report(0, false);

        policy.EffectivePriority.Should().Be(255);
    }

    [Fact]
    public void Keepalived_WeightZeroFailure_IsAFault()
    {
        var policy = new TrackingPolicy(100, [new VrrpTrackedItem { Name = "eth0", Weight = 0 }]);

        policy.Report(0, false);

        policy.IsFaulted.Should().BeTrue();
        policy.DescribeFault().Should().Be("eth0 failing (weight 0)");
        policy.EffectivePriority.Should().Be(100);
        policy.Report(0, true);
        policy.IsFaulted.Should().BeFalse();
    }

    [Fact]
    public void Keepalived_RiseAndFall_NeedConsecutiveResults()
    {
        var policy = new TrackingPolicy(100, [new VrrpTrackedItem { Name = "chk", Weight = -10, Rise = 2, Fall = 3 }]);

        policy.Report(0, false).Should().BeFalse();
        policy.Report(0, false).Should().BeFalse();
        policy.Report(0, true).Should().BeFalse("a success breaks the failure streak");
        policy.Report(0, false).Should().BeFalse();
        policy.Report(0, false).Should().BeFalse();
        policy.Report(0, false).Should().BeTrue();
        policy.EffectivePriority.Should().Be(90);
        policy.Report(0, true).Should().BeFalse();
        policy.Report(0, true).Should().BeTrue();
        policy.EffectivePriority.Should().Be(100);
    }

    [Fact]
    public void Keepalived_InitFail_StartsDownUntilRisen()
    {
        var policy = new TrackingPolicy(100, [new VrrpTrackedItem { Name = "chk", Weight = 0, InitFail = true, Rise = 2 }]);

        policy.IsFaulted.Should().BeTrue();
        policy.Report(0, true);
        policy.IsFaulted.Should().BeTrue();
        policy.Report(0, true);
        policy.IsFaulted.Should().BeFalse();
    }

    [Fact]
    public void Constructor_InvalidOrDuplicateItems_Throw()
    {
        Action badWeight = () => _ = new TrackingPolicy(100, [new VrrpTrackedItem { Name = "x", Weight = 300 }]);
        Action duplicate = () => _ = new TrackingPolicy(100, [new VrrpTrackedItem { Name = "x" }, new VrrpTrackedItem { Name = "x" }]);
        Action badRise = () => _ = new TrackingPolicy(100, [new VrrpTrackedItem { Name = "x", Rise = 0 }]);

        badWeight.Should().Throw<ArgumentException>().WithMessage("*weight 300*");
        duplicate.Should().Throw<ArgumentException>().WithMessage("*twice*");
        badRise.Should().Throw<ArgumentException>().WithMessage("*rise*");
    }

    [Fact]
    public void Report_SteadyResults_AllocateNothing()
    {
        var policy = new TrackingPolicy(100, [new VrrpTrackedItem { Name = "chk", Weight = -4 }]);
        int index = policy.IndexOf("chk");
        policy.Report(index, true);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            policy.Report(policy.IndexOf("chk"), i % 2 == 0);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
    }
}
