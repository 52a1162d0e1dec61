using Microsoft.Extensions.Time.Testing;

namespace Vrrp.Etcd.Tests;

/// <summary>The fencing arithmetic on a fake clock: the deadline counts from the send, not from the answer.</summary>
public sealed class LeaseFenceTests
{
    private static readonly TimeSpan s_margin = TimeSpan.FromMilliseconds(500);
    private readonly FakeTimeProvider _time = new();
    private readonly LeaseFence _fence;

    public LeaseFenceTests() => _fence = new LeaseFence(_time, s_margin);

    [Fact]
    public void Renewed_AnswerArrivesLate_DeadlineCountsFromTheSendMinusMargin()
    {
        long sent = _time.GetTimestamp();
        _time.Advance(TimeSpan.FromMilliseconds(800));

        _fence.Renewed(sent, ttlSeconds: 2).Should().BeTrue();

        _fence.Remaining.Should().Be(TimeSpan.FromMilliseconds(2000 - 500 - 800));
        _time.Advance(TimeSpan.FromMilliseconds(699));
        _fence.IsAlive.Should().BeTrue();
        _time.Advance(TimeSpan.FromMilliseconds(1));
        _fence.IsAlive.Should().BeFalse("2 s after the send minus the 500 ms margin");
    }

    [Fact]
    public void Renewed_OlderAnswerAfterNewer_DeadlineNeverMovesBack()
    {
        long early = _time.GetTimestamp();
        _time.Advance(TimeSpan.FromSeconds(1));
        long late = _time.GetTimestamp();

        _fence.Renewed(late, 2);
        _fence.Renewed(early, 2);

        _fence.Remaining.Should().Be(TimeSpan.FromMilliseconds(1500));
    }

    [Fact]
    public void Renewed_TtlZero_LeaseGoneAndDeadlineUnchanged()
    {

        _fence.Renewed(_time.GetTimestamp(), 0).Should().BeFalse();

        _fence.IsAlive.Should().BeFalse();
        _fence.Remaining.Should().Be(TimeSpan.Zero);
    }

    [Theory]
    [InlineData(1, null, null)]
    [InlineData(2.5, null, null)]
    [InlineData(2, 1000, 1000)]
    [InlineData(4, 3500, 500)]
    public void Validate_TtlOrTimingCannotFence_Throws(double ttlSeconds, int? keepAliveMs, int? marginMs)
    {
        var options = new EtcdElectionOptions
        {
            Endpoints = ["http://127.0.0.1:2379"],
            LeaseTtl = TimeSpan.FromSeconds(ttlSeconds),
            KeepAliveInterval = keepAliveMs is { } k ? TimeSpan.FromMilliseconds(k) : null,
            SafetyMargin = marginMs is { } m ? TimeSpan.FromMilliseconds(m) : null,
        };

        Action validate = options.Validate;

        validate.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Validate_Defaults_QuarterOfTtlEach()
    {
        var options = new EtcdElectionOptions { Endpoints = ["http://127.0.0.1:2379"], LeaseTtl = TimeSpan.FromSeconds(4) };

        options.Validate();

        options.EffectiveKeepAliveInterval.Should().Be(TimeSpan.FromSeconds(1));
        options.EffectiveSafetyMargin.Should().Be(TimeSpan.FromSeconds(1));
    }
}
