using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Vrrp.Hosting.Binding;
using Vrrp.Instances;
using Vrrp.Platform;

namespace Vrrp.Hosting;

/// <summary>
/// The instances the host runs, for embedders: find one by name (its <see cref="VrrpInstance.GetStatus"/>,
/// <see cref="VrrpInstance.Explain"/>), and watch every state change as an ordered stream; for instances whose
/// addresses move by command (<see cref="Config.Options.VrrpVipCommandOptions"/>), where those commands stand (<see cref="GetBinding"/>,
/// <see cref="BindingChanged"/>).
/// </summary>
public sealed class VrrpInstanceRegistry
{
    /// <summary>How many changes a slow <see cref="WatchAsync"/> reader may fall behind before the oldest are dropped.</summary>
    public const int WatchBufferCapacity = 1024;

    private readonly Dictionary<string, IVrrpInstanceRunner> _runners = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CommandVipBinder> _bindings = new(StringComparer.Ordinal);
    private readonly List<Channel<VrrpStateChange>> _watchers = [];
    private readonly Lock _lock = new();

    /// <summary>Raised after every state change of any instance, on that instance's input loop: keep handlers short.</summary>
    public event EventHandler<VrrpStateChange>? StateChanged;

    /// <summary>
    /// Raised on every change of an instance's VIP commands (a take requested, confirmed, retried, failed, a release),
    /// on the binder's worker: keep handlers short. The VRRP state says master at once; this says when the address
    /// has really moved.
    /// </summary>
    public event EventHandler<VrrpBindingChange>? BindingChanged;

    /// <summary>Gets the names of the configured instances, in configuration order.</summary>
    public IReadOnlyList<string> Names
    {
        get
        {
            lock (_lock)
            {
                return [.. _runners.Keys];
            }
        }
    }

    /// <summary>Gets the error that stopped the host's instances (a missing capability, a network failure), or null.</summary>
    public Exception? Failure { get; internal set; }

    /// <summary>Finds a running instance.</summary>
    /// <param name="name">The instance's name.</param>
    /// <returns>The instance, or null when there is no such instance or it has not been created yet (the platform may wait for its interface).</returns>
    public VrrpInstance? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_lock)
        {
            return _runners.TryGetValue(name, out IVrrpInstanceRunner? runner) ? runner.Instance : null;
        }
    }

    /// <summary>Gets where the VIP commands of an instance stand.</summary>
    /// <param name="name">The instance's name.</param>
    /// <returns>The status, or null when there is no such instance or its addresses are not moved by command.</returns>
    public VrrpBindingStatus? GetBinding(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_lock)
        {
            return _bindings.TryGetValue(name, out CommandVipBinder? binder) ? binder.Status : null;
        }
    }

    /// <summary>Streams every state change of every instance from now on, in order per instance, until cancelled.</summary>
    /// <param name="cancellationToken">Ends the stream.</param>
    /// <returns>The changes.</returns>
    public async IAsyncEnumerable<VrrpStateChange> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Channel<VrrpStateChange> channel = Channel.CreateBounded<VrrpStateChange>(new BoundedChannelOptions(WatchBufferCapacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        lock (_lock)
        {
            _watchers.Add(channel);
        }

        try
        {
            while (await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (channel.Reader.TryRead(out VrrpStateChange? change))
                {
                    yield return change;
                }
            }
        }
        finally
        {
            lock (_lock)
            {
                _watchers.Remove(channel);
            }
        }
    }

    internal void Add(string name, IVrrpInstanceRunner runner)
    {
        lock (_lock)
        {
            _runners[name] = runner;
        }
    }

    /// <summary>Forgets an instance a reload removed, unless a newer runner took its name.</summary>
    internal void Remove(string name, IVrrpInstanceRunner runner)
    {
        lock (_lock)
        {
            if (_runners.TryGetValue(name, out IVrrpInstanceRunner? current) && current == runner)
            {
                _runners.Remove(name);
                _bindings.Remove(name);
            }
        }
    }

    /// <summary>Makes <paramref name="binder"/> the VIP command binder of <paramref name="name"/> (a run creates a new one).</summary>
    internal void SetBinding(string name, CommandVipBinder binder)
    {
        lock (_lock)
        {
            _bindings[name] = binder;
        }
    }

    internal void PublishBinding(object? sender, VrrpBindingChange change) => BindingChanged?.Invoke(sender, change);

    internal void Publish(object? sender, VrrpStateChange change)
    {
        lock (_lock)
        {
            foreach (Channel<VrrpStateChange> watcher in _watchers)
            {
                watcher.Writer.TryWrite(change);
            }
        }

        StateChanged?.Invoke(sender, change);
    }

    internal void CompleteWatchers()
    {
        lock (_lock)
        {
            foreach (Channel<VrrpStateChange> watcher in _watchers)
            {
                watcher.Writer.TryComplete();
            }
        }
    }
}
