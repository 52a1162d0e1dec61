using System.Collections.Immutable;
using System.Text;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using V3Electionpb;

namespace Vrrp.Etcd;

/// <summary>
/// A candidate in an etcd election (etcd's v3 election API on a lease of <see cref="EtcdElectionOptions.LeaseTtl"/>).
/// It is <see cref="EtcdElectionState.Leader"/> only while its lease is provably alive by its own monotonic clock: the
/// deadline counts from when the last answered keep-alive was <em>sent</em> and ends a safety margin before the TTL, so
/// a leader cut off from etcd has given up before etcd can delete its key and elect another (docs/etcd.md).
/// </summary>
public sealed class EtcdElection : IAsyncDisposable
{
    private static readonly CancellationToken s_cancelled = new(canceled: true);
    private static readonly TimeSpan s_callTimeout = TimeSpan.FromSeconds(2);

    private readonly EtcdElectionOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly EtcdChannel _channel;
    private readonly Lease.LeaseClient _leases;
    private readonly Election.ElectionClient _elections;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private Task? _loop;
    private EtcdElectionState _state;
    private CancellationTokenSource? _leadership;
    private CancellationTokenSource? _term;
    private string? _endReason;
    private bool _eligible = true;
    private TaskCompletionSource _eligibleAgain = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _follower = Completed();
    private ImmutableArray<Func<Task>> _releases = [];
    private LeaseFence? _fence;

    /// <summary>Initializes a new instance of the <see cref="EtcdElection"/> class. Call <see cref="Start"/> to campaign.</summary>
    /// <param name="options">The election settings (validated here).</param>
    /// <param name="logger">Logs state changes and etcd errors.</param>
    /// <param name="timeProvider">The clock the fencing deadline is measured on; the system clock by default.</param>
    public EtcdElection(EtcdElectionOptions options, ILogger<EtcdElection>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _channel = EtcdChannel.Create(options);
        _leases = new Lease.LeaseClient(_channel.Channel);
        _elections = new Election.ElectionClient(_channel.Channel);
    }

    /// <summary>Raised on every change of <see cref="State"/>, on the thread that changed it; the VIP follows from here.</summary>
    public event EventHandler<EtcdLeadershipChangedEventArgs>? StateChanged;

    /// <summary>Gets the current state.</summary>
    public EtcdElectionState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>Gets whether this candidate is leader now (the "am I master?" of the VRRP backend).</summary>
    public bool IsLeader => State == EtcdElectionState.Leader;

    /// <summary>
    /// Gets a token that is cancelled the moment this leadership ends, for work that must stop at once; while not leader,
    /// an already cancelled token. Each term of leadership has a token of its own.
    /// </summary>
    public CancellationToken LeadershipToken
    {
        get
        {
            lock (_gate)
            {
                return _leadership?.Token ?? s_cancelled;
            }
        }
    }

    /// <summary>
    /// Gets or sets whether this candidate may lead (its health): setting <see langword="false"/> resigns at once and
    /// stops campaigning until it is set back to <see langword="true"/>.
    /// </summary>
    public bool IsEligible
    {
        get
        {
            lock (_gate)
            {
                return _eligible;
            }
        }

        set
        {
            lock (_gate)
            {
                if (_eligible == value)
                {
                    return;
                }

                _eligible = value;
                if (value)
                {
                    _eligibleAgain.TrySetResult();
                }
                else
                {
                    _eligibleAgain = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    EndTermLocked("not-eligible");
                }
            }
        }
    }

    /// <summary>Gets the options the election runs with.</summary>
    internal EtcdElectionOptions Options => _options;

    /// <summary>
    /// Gets how long the current lease is still provably alive on the server by this node's clock (the fencing deadline
    /// plus the safety margin), only while leader; zero otherwise. A VIP bound with a kernel lifetime no longer than this
    /// is gone before etcd can elect another candidate, even if this process freezes right now.
    /// </summary>
    internal TimeSpan LeaseRemaining
    {
        get
        {
            if (!IsLeader || Volatile.Read(ref _fence) is not { } fence)
            {
                return TimeSpan.Zero;
            }

            TimeSpan left = fence.Remaining;
            return left > TimeSpan.Zero ? left + _options.EffectiveSafetyMargin : TimeSpan.Zero;
        }
    }

    /// <summary>
    /// Registers work that must finish after leadership is given up and before the lease is revoked (which lets another
    /// candidate be elected at once): the VIP's removal. Bounded by the lease TTL, after which etcd expires it anyway.
    /// </summary>
    internal void AddRelease(Func<Task> release) => ImmutableInterlocked.Update(ref _releases, list => list.Add(release));

    /// <summary>Starts campaigning in the background.</summary>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    public void Start()
    {
        lock (_gate)
        {
            if (_loop is not null)
            {
                throw new InvalidOperationException("the election is already started");
            }

            _loop = Task.Run(() => RunAsync(_stopping.Token));
        }
    }

    /// <summary>
    /// Gives leadership up now (the key is deleted, so another candidate is elected at once) and campaigns again after
    /// <see cref="EtcdElectionOptions.RetryDelay"/>. Completes when this candidate is follower.
    /// </summary>
    /// <returns>A task that completes once leadership is given up.</returns>
    public Task ResignAsync()
    {
        lock (_gate)
        {
            EndTermLocked("resigned");
            return _follower.Task;
        }
    }

    /// <summary>Stops campaigning, gives leadership up and revokes the lease.</summary>
    /// <returns>A task that completes when the election has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        Task? loop;
        lock (_gate)
        {
            _endReason ??= "stopped";
            loop = _loop;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        if (loop is not null)
        {
            await loop.ConfigureAwait(false);
        }

        _channel.Dispose();
        _stopping.Dispose();
    }

    private static TaskCompletionSource Completed()
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        source.SetResult();
        return source;
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                Task eligible;
                lock (_gate)
                {
                    eligible = _eligibleAgain.Task;
                    if (_eligible)
                    {
                        eligible = Task.CompletedTask;
                    }
                }

                await eligible.WaitAsync(stopping).ConfigureAwait(false);
                await RunTermAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is RpcException or OperationCanceledException or InvalidOperationException)
            {
                _channel.OnError(exception);
                _logger.Retrying(exception is RpcException ? exception : null, _options.ElectionName, exception.Message);
            }

            try
            {
                await Task.Delay(_options.RetryDelay, _time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One lease: grant, keep alive, campaign, lead until the lease or the term ends, give up, revoke.</summary>
    private async Task RunTermAsync(CancellationToken stopping)
    {
        using var term = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        lock (_gate)
        {
            _term = term;
            _endReason = null;
        }

        var fence = new LeaseFence(_time, _options.EffectiveSafetyMargin);
        Volatile.Write(ref _fence, fence);
        long leaseId = 0;
        Task keepAlive = Task.CompletedTask;
        string reason = "stopped";
        try
        {
            long sent = _time.GetTimestamp();
            LeaseGrantResponse grant = await _leases.LeaseGrantAsync(
                new LeaseGrantRequest { TTL = (long)_options.LeaseTtl.TotalSeconds },
                deadline: DateTime.UtcNow + s_callTimeout,
                cancellationToken: term.Token).ConfigureAwait(false);
            leaseId = grant.ID;
            _logger.LeaseGranted(_options.ElectionName, leaseId, grant.TTL);
            if (!fence.Renewed(sent, grant.TTL))
            {
                throw new InvalidOperationException($"etcd granted lease {leaseId:x} with TTL {grant.TTL}");
            }

            keepAlive = KeepAliveAsync(leaseId, fence, term);
            CampaignResponse campaign = await _elections.CampaignAsync(
                new CampaignRequest
                {
                    Name = ByteString.CopyFromUtf8(_options.ElectionName),
                    Lease = leaseId,
                    Value = ByteString.CopyFrom(Encoding.UTF8.GetBytes(_options.CandidateId)),
                },
                cancellationToken: term.Token).ConfigureAwait(false);
            _ = campaign;
            reason = await LeadAsync(fence, term.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (term.IsCancellationRequested)
        {
            reason = EndReason() ?? "stopped";
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.Cancelled && term.IsCancellationRequested)
        {
            reason = EndReason() ?? "stopped";
        }
        finally
        {
            // Give up first, revoke after: the VIP is gone before another candidate can be elected.
            BecomeFollower(reason);
            await term.CancelAsync().ConfigureAwait(false);
            await keepAlive.ConfigureAwait(false);
            lock (_gate)
            {
                _term = null;
            }

            if (leaseId != 0)
            {
                await ReleaseAsync().ConfigureAwait(false);
                await RevokeAsync(leaseId).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Leads while the fence holds; returns why leadership ended.</summary>
    private async Task<string> LeadAsync(LeaseFence fence, CancellationToken term)
    {
        // Elected: etcd only answers the campaign while the key (and so the lease) exists, but the answer may come
        // late; leadership starts only if the lease is still provably alive now.
        if (!fence.IsAlive)
        {
            return "lease-deadline";
        }

        BecomeLeader();
        while (true)
        {
            TimeSpan left = fence.Remaining;
            if (left <= TimeSpan.Zero)
            {
                return "lease-deadline";
            }

            try
            {
                await Task.Delay(left, _time, term).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return EndReason() ?? "stopped";
            }
        }
    }

    /// <summary>
    /// Keeps the lease alive on one stream at a time (a broken stream is reopened, maybe on another member); every
    /// answer extends the fence from the moment its request was sent. A TTL of 0 (the lease is gone) ends the term.
    /// etcd answers the keep-alives of one stream in order, and a member that forwards one to a raft leader that hangs
    /// (stopped, cut off) holds the whole stream for its request timeout (seconds): a stream that leaves a keep-alive
    /// unanswered for half an interval is abandoned and a new one opened, on the next member, well before the fence
    /// (three intervals after the last answered send, with the defaults) runs out.
    /// </summary>
    private async Task KeepAliveAsync(long leaseId, LeaseFence fence, CancellationTokenSource term)
    {
        TimeSpan interval = _options.EffectiveKeepAliveInterval;
        while (!term.IsCancellationRequested)
        {
            using var stream = CancellationTokenSource.CreateLinkedTokenSource(term.Token);
            Task reader = Task.CompletedTask;
            try
            {
                using AsyncDuplexStreamingCall<LeaseKeepAliveRequest, LeaseKeepAliveResponse> call = _leases.LeaseKeepAlive(cancellationToken: stream.Token);
                var sent = new Queue<long>();
                reader = ReadKeepAlivesAsync(call.ResponseStream, sent, fence, term, stream.Token);
                while (!reader.IsCompleted)
                {
                    lock (sent)
                    {
                        sent.Enqueue(_time.GetTimestamp());
                    }

                    await call.RequestStream.WriteAsync(new LeaseKeepAliveRequest { ID = leaseId }, stream.Token).ConfigureAwait(false);
                    long writtenAt = _time.GetTimestamp();
                    while (!reader.IsCompleted && _time.GetElapsedTime(writtenAt) < interval)
                    {
                        TimeSpan step = TimeSpan.FromTicks(Math.Min((interval / 4).Ticks, (interval - _time.GetElapsedTime(writtenAt)).Ticks));
                        await Task.WhenAny(reader, Task.Delay(step > TimeSpan.Zero ? step : TimeSpan.FromMilliseconds(1), _time, term.Token)).ConfigureAwait(false);
                        term.Token.ThrowIfCancellationRequested();
                        TimeSpan waiting = OldestUnanswered(sent);
                        if (waiting > interval / 2)
                        {
                            throw new IOException($"no keep-alive answer for {waiting.TotalMilliseconds:0} ms; reopening the stream");
                        }
                    }
                }

                await reader.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (term.IsCancellationRequested)
            {
                return;
            }
            catch (RpcException) when (term.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is RpcException or InvalidOperationException or IOException)
            {
                _channel.OnError(exception);
                _logger.Retrying(null, _options.ElectionName, "keep-alive stream: " + exception.Message);
            }
            finally
            {
                await stream.CancelAsync().ConfigureAwait(false);
                await reader.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            }

            try
            {
                await Task.Delay(interval / 4, _time, term.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private TimeSpan OldestUnanswered(Queue<long> sent)
    {
        lock (sent)
        {
            return sent.TryPeek(out long oldest) ? _time.GetElapsedTime(oldest) : TimeSpan.Zero;
        }
    }

    private async Task ReadKeepAlivesAsync(IAsyncStreamReader<LeaseKeepAliveResponse> responses, Queue<long> sent, LeaseFence fence, CancellationTokenSource term, CancellationToken stream)
    {
        while (await responses.MoveNext(stream).ConfigureAwait(false))
        {
            long sentAt;
            lock (sent)
            {
                // Answers come in order on one stream; an answer without a recorded request extends nothing.
                if (!sent.TryDequeue(out sentAt))
                {
                    continue;
                }
            }

            if (!fence.Renewed(sentAt, responses.Current.TTL))
            {
                lock (_gate)
                {
                    EndTermLocked("lease-lost");
                }

                return;
            }
        }

        throw new InvalidOperationException("etcd closed the keep-alive stream");
    }

    private async Task ReleaseAsync()
    {
        Task all = Task.WhenAll(_releases.Select(release => release()));
        try
        {
            await all.WaitAsync(_options.LeaseTtl).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _logger.Retrying(null, _options.ElectionName, $"releasing leadership took longer than the lease TTL {_options.LeaseTtl}; letting the lease expire");
        }
    }

    private async Task RevokeAsync(long leaseId)
    {
        try
        {
            await _leases.LeaseRevokeAsync(new LeaseRevokeRequest { ID = leaseId }, deadline: DateTime.UtcNow + s_callTimeout).ConfigureAwait(false);
        }
        catch (RpcException)
        {
            // Cut off from etcd: the lease expires by itself, after this node has given up.
        }
    }

    private string? EndReason()
    {
        lock (_gate)
        {
            return _endReason;
        }
    }

    private void EndTermLocked(string reason)
    {
        if (_term is { IsCancellationRequested: false } term)
        {
            _endReason ??= reason;
            term.Cancel();
        }
    }

    private void BecomeLeader()
    {
        lock (_gate)
        {
            _state = EtcdElectionState.Leader;
            _leadership = new CancellationTokenSource();
            _follower = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        Raise(EtcdElectionState.Leader, "elected");
    }

    private void BecomeFollower(string reason)
    {
        CancellationTokenSource? leadership;
        TaskCompletionSource follower;
        lock (_gate)
        {
            if (_state == EtcdElectionState.Follower)
            {
                return;
            }

            _state = EtcdElectionState.Follower;
            leadership = _leadership;
            _leadership = null;
            follower = _follower;
        }

        Raise(EtcdElectionState.Follower, reason);
        leadership?.Cancel();
        leadership?.Dispose();
        follower.TrySetResult();
    }

    private void Raise(EtcdElectionState state, string reason)
    {
        _logger.StateChanged(_options.ElectionName, _options.CandidateId, state, reason);
        StateChanged?.Invoke(this, new EtcdLeadershipChangedEventArgs(state, reason, _time.GetUtcNow()));
    }
}
