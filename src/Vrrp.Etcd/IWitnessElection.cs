namespace Vrrp.Etcd;

/// <summary>What an <see cref="EtcdWitness"/> needs from etcd: an election to campaign in, and a probe of the members.</summary>
internal interface IWitnessElection : IAsyncDisposable
{
    /// <summary>Raised on every change of leadership (see <see cref="EtcdElection.StateChanged"/>).</summary>
    event EventHandler<EtcdLeadershipChangedEventArgs>? StateChanged;

    /// <summary>Gets or sets whether the candidate campaigns (false resigns at once).</summary>
    bool IsEligible { get; set; }

    /// <summary>Gets whether the candidate leads, its lease provably alive.</summary>
    bool IsLeader { get; }

    /// <summary>Registers work that must finish after leadership ends and before the lease is revoked.</summary>
    void AddRelease(Func<Task> release);

    /// <summary>Starts the election's loop (it campaigns only while eligible).</summary>
    void Start();

    /// <summary>Asks every member whether etcd serves, and who leads the election.</summary>
    Task<EtcdProbeResult> ProbeAsync(CancellationToken cancellationToken);
}
