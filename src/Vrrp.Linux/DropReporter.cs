using System.Net;
using Microsoft.Extensions.Logging;
using Vrrp.Instances;
using Vrrp.Packets;

namespace Vrrp.Linux;

/// <summary>
/// Logs the advertisements an instance and its transport dropped (wrong password, interval or address list, bad
/// checksum or TTL, unknown unicast peer), at most one line per reason per period. RFC 3768 §7.1 and RFC 5798 §7.1
/// ask for such drops to be logged, and a misconfigured peer is otherwise invisible: both nodes just become master.
/// keepalived logs every dropped packet; one summary line per reason and period keeps a 10 ms advert rate readable.
/// </summary>
/// <remarks>
/// <see cref="DropReportSweep"/> calls <see cref="Report"/> for every instance of the process once a period. It reads
/// the counters one by one and allocates nothing unless there is something to log: a snapshot per instance and
/// second was about 850 kB/s of garbage at 1,000 instances (docs/scale.md).
/// </remarks>
internal sealed class DropReporter
{
    private static readonly VrrpDropReason[] s_reasons = Enum.GetValues<VrrpDropReason>();
    private static readonly VrrpPacketError[] s_errors = Enum.GetValues<VrrpPacketError>();
    private readonly VrrpInstance _instance;
    private readonly ILogger _logger;
    private readonly long[] _lastDrops = new long[s_reasons.Length];
    private readonly long[] _lastErrors = new long[s_errors.Length];
    private readonly HashSet<IPAddress> _mismatchSources = [];
    private long _lastMismatches;

    public DropReporter(VrrpInstance instance, ILogger logger)
    {
        _instance = instance;
        _logger = logger;
    }

    /// <summary>Logs every reason whose count grew since the previous call.</summary>
    public void Report(TimeSpan period)
    {
        if (!_logger.IsEnabled(LogLevel.Warning))
        {
            return;
        }

        // The transport counts into the instance's counters: they have every drop, counted once.
        VrrpCounterSet counters = _instance.Counters;
        for (int i = 0; i < s_reasons.Length; i++)
        {
            // Other VRIDs and our own looped-back adverts are normal traffic, not problems.
            VrrpDropReason reason = s_reasons[i];
            if (reason is not (VrrpDropReason.None or VrrpDropReason.OwnAdvertisement or VrrpDropReason.VirtualRouterIdMismatch))
            {
                long added = Added(counters.GetCount(reason), ref _lastDrops[i]);
                if (added > 0)
                {
                    _logger.AdvertisementsDropped(_instance.Name, added, reason.ToString(), period.TotalSeconds);
                }
            }
        }

        for (int i = 0; i < s_errors.Length; i++)
        {
            VrrpPacketError error = s_errors[i];
            if (error != VrrpPacketError.None)
            {
                long added = Added(counters.GetCount(error), ref _lastErrors[i]);
                if (added > 0)
                {
                    _logger.AdvertisementsDropped(_instance.Name, added, error.ToString(), period.TotalSeconds);
                }
            }
        }

        // keepalived 2.3.3 logs an advert with another address list once per source and uses it.
        long mismatches = counters.AddressListMismatches;
        if (mismatches != _lastMismatches)
        {
            _lastMismatches = mismatches;
            VrrpCounters snapshot = counters.Snapshot();
            if (snapshot.LastAddressListMismatchSource is { } source && _mismatchSources.Add(source))
            {
                _logger.AddressListMismatch(_instance.Name, source.ToString(), snapshot.AddressListMismatches);
            }
        }
    }

    /// <summary>How much <paramref name="count"/> grew since <paramref name="previous"/> (all of it after a reset), and remembers it.</summary>
    private static long Added(long count, ref long previous)
    {
        long added = count >= previous ? count - previous : count;
        previous = count;
        return added;
    }
}
