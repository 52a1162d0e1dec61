using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Vrrp.Cli.Control;
using Vrrp.Cli.Status;
using Vrrp.Hosting;
using Vrrp.Hosting.Control;
using Vrrp.Instances;

namespace Vrrp.Cli.Tests.Control;

/// <summary>A daemon without a network behind the control socket: a status to return, changes to publish, drops to count.</summary>
internal sealed class FakeControlTarget : IControlTarget
{
    private readonly Channel<VrrpStateChange> _changes = Channel.CreateUnbounded<VrrpStateChange>();
    private readonly HashSet<string> _maintenance = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _drops = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private int _watchers;

    public int Watchers => Volatile.Read(ref _watchers);

    public List<(string? Path, bool DryRun)> Reloads { get; } = [];

    public Func<string?, bool, VrrpReloadResult> Reload { get; set; } = (_, dryRun) => new VrrpReloadResult { At = DateTimeOffset.UnixEpoch, DryRun = dryRun };

    public TaskCompletionSource? ReloadGate { get; set; }

    /// <summary>Makes reloads succeed with this plan.</summary>
    public void ReturnPlan(params VrrpReloadAction[] actions) =>
        Reload = (_, dryRun) => new VrrpReloadResult { At = DateTimeOffset.UnixEpoch, DryRun = dryRun, Actions = actions };

    public IReadOnlyCollection<string> InstancesInMaintenance
    {
        get
        {
            lock (_lock)
            {
                return [.. _maintenance];
            }
        }
    }

    public void AddDrops(string reason, long count)
    {
        lock (_lock)
        {
            _drops[reason] = _drops.GetValueOrDefault(reason) + count;
        }
    }

    public void Publish(VrrpStateChange change) => _changes.Writer.TryWrite(change);

    public StatusSnapshot CaptureStatus()
    {
        lock (_lock)
        {
            return new StatusSnapshot
            {
                WrittenAt = DateTimeOffset.UtcNow,
                RefreshIntervalSeconds = 5,
                ProcessId = 4242,
                Instances =
                [
                    new InstanceStatusSnapshot
                    {
                        Name = "VI_1", VirtualRouterId = 51, State = "master", Reason = "MasterDownTimerExpired", Explanation = "master: it's ours",
                        Since = DateTimeOffset.UtcNow.AddMinutes(-1), MasterAddress = "10.0.0.1", MasterPriority = 100, BasePriority = 100, EffectivePriority = 100,
                        Counters = new VrrpCounters { AdvertisementsSent = 60 }, Drops = new Dictionary<string, long>(_drops), TimerLateness = new VrrpTimerLateness(),
                    },
                ],
            };
        }
    }

    public async Task<VrrpReloadResult> ReloadAsync(string? path, bool dryRun, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Reloads.Add((path, dryRun));
        }

        if (ReloadGate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        return Reload(path, dryRun);
    }

    public Task<bool> SetMaintenanceAsync(string? instance, bool on, CancellationToken cancellationToken)
    {
        if (instance is not null and not "VI_1")
        {
            return Task.FromResult(false);
        }

        lock (_lock)
        {
            _ = on ? _maintenance.Add("VI_1") : _maintenance.Remove("VI_1");
        }

        return Task.FromResult(true);
    }

    public async IAsyncEnumerable<VrrpStateChange> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _watchers);
        try
        {
            while (await _changes.Reader.WaitToReadAsync(cancellationToken))
            {
                while (_changes.Reader.TryRead(out VrrpStateChange? change))
                {
                    yield return change;
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _watchers);
        }
    }

    /// <summary>Ends every watch, as a stopping host does.</summary>
    public void Stop() => _changes.Writer.TryComplete();
}
