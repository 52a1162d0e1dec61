namespace Vrrp.Etcd.Tests.TestSupport;

/// <summary>An election the test drives: it records eligibility, raises the state changes it is told to, and answers probes with <see cref="Probe"/>.</summary>
internal sealed class FakeWitnessElection : IWitnessElection
{
    private readonly List<Func<Task>> _releases = [];
    private volatile bool _eligible = true;
    private volatile bool _leader;

    public event EventHandler<EtcdLeadershipChangedEventArgs>? StateChanged;

    public bool IsEligible
    {
        get => _eligible;
        set
        {
            _eligible = value;
            if (!value && _leader)
            {
                Lose("not-eligible");
            }
        }
    }

    public bool IsLeader => _leader;

    public EtcdProbeResult Probe { get; set; } = new(EtcdReachability.Available, OtherLeads: false);

    public void AddRelease(Func<Task> release) => _releases.Add(release);

    public void Start()
    {
    }

    public Task<EtcdProbeResult> ProbeAsync(CancellationToken cancellationToken) => Task.FromResult(Probe);

    public void Elect()
    {
        _leader = true;
        StateChanged?.Invoke(this, new EtcdLeadershipChangedEventArgs(EtcdElectionState.Leader, "elected", DateTimeOffset.UtcNow));
    }

    /// <summary>Ends leadership as the real election does: state Follower, then the releases, whose completion is returned (the revoke would follow).</summary>
    public Task Lose(string reason)
    {
        _leader = false;
        StateChanged?.Invoke(this, new EtcdLeadershipChangedEventArgs(EtcdElectionState.Follower, reason, DateTimeOffset.UtcNow));
        return Task.WhenAll(_releases.Select(release => release()));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
