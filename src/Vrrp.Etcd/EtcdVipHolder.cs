using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Vrrp.Etcd;

/// <summary>
/// Moves an instance's virtual addresses with an etcd election, through the same <see cref="IVipBinder"/> VRRP uses
/// (rtnetlink on Linux, a command binder for a cloud API): on becoming leader it binds and announces them, on losing
/// leadership it removes them. Transitions are applied one at a time in the order they happened, so calls never
/// overlap. The election gives leadership up a safety margin before its lease can expire on the server; the removal
/// must finish within that margin (docs/etcd.md), so the old holder has dropped the addresses before a new one is elected.
/// </summary>
public sealed class EtcdVipHolder : IAsyncDisposable
{
    private readonly EtcdElection _election;
    private readonly IVipBinder _binder;
    private readonly VrrpInstanceSettings _instance;
    private readonly ILogger _logger;
    private readonly Channel<Transition> _transitions = Channel.CreateUnbounded<Transition>(new UnboundedChannelOptions { SingleReader = true });
    private Task? _loop;
    private volatile bool _bound;

    /// <summary>Initializes a new instance of the <see cref="EtcdVipHolder"/> class and follows <paramref name="election"/> from now on.</summary>
    /// <param name="election">The election whose leadership decides who holds the addresses.</param>
    /// <param name="binder">Binds, announces and removes the addresses.</param>
    /// <param name="instance">The instance whose <see cref="VrrpInstanceSettings.VirtualAddresses"/> are held.</param>
    /// <param name="logger">Logs binder failures.</param>
    public EtcdVipHolder(EtcdElection election, IVipBinder binder, VrrpInstanceSettings instance, ILogger<EtcdVipHolder>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(election);
        ArgumentNullException.ThrowIfNull(binder);
        ArgumentNullException.ThrowIfNull(instance);
        _election = election;
        _binder = binder;
        _instance = instance;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _election.StateChanged += OnStateChanged;
        _election.AddRelease(ReleasedAsync);
        _loop = Task.Run(ApplyAsync);
    }

    /// <summary>Gets whether the addresses are bound now (the binder's add completed and no remove has started).</summary>
    public bool IsBound => _bound;

    /// <summary>Stops following the election and removes the addresses if they are bound.</summary>
    /// <returns>A task that completes when the addresses are released.</returns>
    public async ValueTask DisposeAsync()
    {
        _election.StateChanged -= OnStateChanged;
        _transitions.Writer.TryWrite(new Transition(EtcdElectionState.Follower, null, CancellationToken.None));
        _transitions.Writer.TryComplete();
        Task? loop = Interlocked.Exchange(ref _loop, null);
        if (loop is not null)
        {
            await loop.ConfigureAwait(false);
        }
    }

    private void OnStateChanged(object? sender, EtcdLeadershipChangedEventArgs change) =>
        _transitions.Writer.TryWrite(new Transition(change.State, null, change.State == EtcdElectionState.Leader ? _election.LeadershipToken : CancellationToken.None));

    /// <summary>Completes once every transition queued so far is applied: after a give-up, once the addresses are removed.</summary>
    private Task ReleasedAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_transitions.Writer.TryWrite(new Transition(null, done, CancellationToken.None)))
        {
            done.TrySetResult();
        }

        return done.Task;
    }

    private async Task ApplyAsync()
    {
        await foreach ((EtcdElectionState? state, TaskCompletionSource? done, CancellationToken leadership) in _transitions.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (done is not null)
            {
                done.TrySetResult();
                continue;
            }

            try
            {
                if (state == EtcdElectionState.Leader && !_bound && !leadership.IsCancellationRequested)
                {
                    // Bound (for removal) from the moment the add starts: a half-done add is undone too.
                    _bound = true;
                    await _binder.AddAsync(_instance, leadership).ConfigureAwait(false);
                    await _binder.AnnounceAsync(_instance, leadership).ConfigureAwait(false);
                }
                else if (state == EtcdElectionState.Follower && _bound)
                {
                    await _binder.RemoveAsync(_instance, CancellationToken.None).ConfigureAwait(false);
                    _bound = false;
                }
            }
            catch (OperationCanceledException) when (leadership.IsCancellationRequested)
            {
                // Leadership ended during the add: the follower transition queued behind removes what was bound.
            }
#pragma warning disable CA1031 // A failing binder must not stop the holder from removing the addresses later.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                _logger.BinderFailed(exception, _instance.Name, state ?? EtcdElectionState.Follower);
            }
        }
    }

    /// <summary>A state to apply, or (with <see cref="Done"/>) a marker completed when everything before it is applied.</summary>
    private readonly record struct Transition(EtcdElectionState? State, TaskCompletionSource? Done, CancellationToken Leadership);
}
