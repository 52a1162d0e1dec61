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
internal sealed class DropReporter
{
    private readonly VrrpInstance _instance;
    private readonly ILogger _logger;
    private readonly Dictionary<string, long> _last = new(StringComparer.Ordinal);
    private readonly HashSet<IPAddress> _mismatchSources = [];

    public DropReporter(VrrpInstance instance, ILogger logger)
    {
        _instance = instance;
        _logger = logger;
    }

    /// <summary>Reports new drops every <paramref name="period"/> until cancelled.</summary>
    public async Task RunAsync(TimeSpan period, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(period, timeProvider, cancellationToken).ConfigureAwait(false);
                Report(period);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Logs every reason whose count grew since the previous call.</summary>
    public void Report(TimeSpan period)
    {
        if (!_logger.IsEnabled(LogLevel.Warning))
        {
            return;
        }

        // The transport counts into the instance's counters: one snapshot has every drop, counted once.
        VrrpCounters counters = _instance.Counters.Snapshot();
        foreach ((VrrpDropReason reason, long count) in counters.Drops)
        {
            // Other VRIDs and our own looped-back adverts are normal traffic, not problems.
            if (reason is not (VrrpDropReason.OwnAdvertisement or VrrpDropReason.VirtualRouterIdMismatch))
            {
                Check(reason.ToString(), count, period);
            }
        }

        foreach ((VrrpPacketError error, long count) in counters.PacketErrors)
        {
            Check(error.ToString(), count, period);
        }

        // keepalived 2.3.3 logs an advert with another address list once per source and uses it.
        if (counters.LastAddressListMismatchSource is { } source && _mismatchSources.Add(source))
        {
            _logger.AddressListMismatch(_instance.Name, source.ToString(), counters.AddressListMismatches);
        }
    }

    private void Check(string reason, long count, TimeSpan period)
    {
        _last.TryGetValue(reason, out long previous);
        _last[reason] = count;

        long added = count >= previous ? count - previous : count;
        if (added > 0)
        {
            _logger.AdvertisementsDropped(_instance.Name, added, reason, period.TotalSeconds);
        }
    }
}
