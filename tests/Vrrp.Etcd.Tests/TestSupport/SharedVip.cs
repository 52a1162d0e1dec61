namespace Vrrp.Etcd.Tests.TestSupport;

/// <summary>
/// One virtual address that several nodes' binders move: counts the holders (a node holds it from the start of its add
/// until its remove has completed) and remembers the most ever seen at once, with a log on one Stopwatch clock.
/// </summary>
internal sealed class SharedVip
{
    private readonly List<string> _log = [];
    private readonly TimeSpan _removeTakes;
    private readonly long _origin = Stopwatch.GetTimestamp();
    private int _holders;
    private int _maxHolders;

    public SharedVip(TimeSpan removeTakes) => _removeTakes = removeTakes;

    public int MaxHolders => Volatile.Read(ref _maxHolders);

    public int Holders => Volatile.Read(ref _holders);

    public string Log()
    {
        lock (_log)
        {
            return string.Join("; ", _log);
        }
    }

    public IVipBinder BinderFor(string node) => new Binder(this, node, null);

    /// <summary>A binder that counts the holders around <paramref name="inner"/>'s calls, which really move the address.</summary>
    public IVipBinder BinderFor(string node, IVipBinder inner) => new Binder(this, node, inner);

    private void Record(string node, string what)
    {
        lock (_log)
        {
            _log.Add($"{Stopwatch.GetElapsedTime(_origin).TotalMilliseconds:0} ms {node} {what}");
        }
    }

    private sealed class Binder(SharedVip vip, string node, IVipBinder? inner) : IVipBinder
    {
        public ValueTask AddAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken)
        {
            int holders = Interlocked.Increment(ref vip._holders);
            int seen;
            while ((seen = Volatile.Read(ref vip._maxHolders)) < holders && Interlocked.CompareExchange(ref vip._maxHolders, holders, seen) != seen)
            {
            }

            vip.Record(node, $"add (holders {holders})");
            return inner?.AddAsync(instance, cancellationToken) ?? ValueTask.CompletedTask;
        }

        public ValueTask AnnounceAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken) => inner?.AnnounceAsync(instance, cancellationToken) ?? ValueTask.CompletedTask;

        public async ValueTask RemoveAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken)
        {
            vip.Record(node, "remove starts");
            await Task.Delay(vip._removeTakes, cancellationToken);
            if (inner is not null)
            {
                await inner.RemoveAsync(instance, cancellationToken);
            }

            int holders = Interlocked.Decrement(ref vip._holders);
            vip.Record(node, $"removed (holders {holders})");
        }
    }
}
