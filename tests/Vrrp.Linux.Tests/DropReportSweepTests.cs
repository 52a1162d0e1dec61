using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Vrrp.Linux.Tests;

/// <summary>One sweep reports the drops of every instance once a period, reading counters without allocating.</summary>
public sealed class DropReportSweepTests
{
    private static readonly TimeSpan s_period = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Report_GrownCountsLoggedOncePerReasonAndNothingWhenQuiet()
    {
        await using VrrpInstance instance = NewInstance(1);
        var logger = new FakeLogger();
        var reporter = new DropReporter(instance, logger);
        instance.Counters.CountDropped(VrrpDropReason.AuthenticationFailure);
        instance.Counters.CountDropped(VrrpDropReason.AuthenticationFailure);
        instance.Counters.CountDropped(VrrpDropReason.VirtualRouterIdMismatch);
        instance.Counters.CountMalformed(VrrpPacketError.BadChecksum);

        reporter.Report(s_period);
        reporter.Report(s_period);

        logger.Collector.GetSnapshot().Select(r => r.Message).Should().BeEquivalentTo(
            "VRRP instance VI_1 dropped 2 advertisement(s) in the last 1 s: AuthenticationFailure",
            "VRRP instance VI_1 dropped 1 advertisement(s) in the last 1 s: BadChecksum");
        instance.Counters.CountDropped(VrrpDropReason.AuthenticationFailure);
        reporter.Report(s_period);
        logger.Collector.LatestRecord.Message.Should().Be("VRRP instance VI_1 dropped 1 advertisement(s) in the last 1 s: AuthenticationFailure");
        logger.Collector.Count.Should().Be(3);
    }

    [Fact]
    public async Task Report_NoNewDrops_AllocatesNothing()
    {
        await using VrrpInstance instance = NewInstance(1);
        var reporter = new DropReporter(instance, new FakeLogger());
        instance.Counters.CountDropped(VrrpDropReason.AdvertIntervalMismatch);
        reporter.Report(s_period);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            reporter.Report(s_period);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
    }

    [Fact]
    public async Task Register_TwoInstances_OneSweepReportsBothEachPeriodAndStopsWithTheLast()
    {
        var clock = new FakeTimeProvider();
        await using VrrpInstance one = NewInstance(1);
        await using VrrpInstance two = NewInstance(2);
        var logger = new FakeLogger();
        DropReportSweep.Registration first = DropReportSweep.Register(new DropReporter(one, logger), s_period, clock);
        DropReportSweep.Registration second = DropReportSweep.Register(new DropReporter(two, logger), s_period, clock);
        one.Counters.CountDropped(VrrpDropReason.AuthTypeMismatch);
        two.Counters.CountDropped(VrrpDropReason.AuthTypeMismatch);

        first.Loop.Should().BeSameAs(second.Loop, "one loop serves every instance of a time provider");
        clock.Advance(s_period);
        await Eventually(() => logger.Collector.Count == 2);
        logger.Collector.GetSnapshot().Select(r => r.Message).Should().BeEquivalentTo(
            "VRRP instance VI_1 dropped 1 advertisement(s) in the last 1 s: AuthTypeMismatch",
            "VRRP instance VI_2 dropped 1 advertisement(s) in the last 1 s: AuthTypeMismatch");

        Task loop = first.Loop;
        first.Dispose();
        two.Counters.CountDropped(VrrpDropReason.AuthTypeMismatch);
        one.Counters.CountDropped(VrrpDropReason.AuthTypeMismatch);
        clock.Advance(s_period);
        await Eventually(() => logger.Collector.Count == 3);
        logger.Collector.LatestRecord.Message.Should().Contain("VI_2", "a released instance is no longer reported");
        loop.IsCompleted.Should().BeFalse("the other instance still uses the sweep");

        second.Dispose();
        await loop.WaitAsync(s_timeout, TestContext.Current.CancellationToken);
    }

    private static VrrpInstance NewInstance(byte vrid) => TestInstances.New(vrid);

    private static Task Eventually(Func<bool> condition) => TestInstances.Eventually(condition, s_timeout);
}
