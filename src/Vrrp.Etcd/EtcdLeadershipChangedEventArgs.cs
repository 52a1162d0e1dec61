namespace Vrrp.Etcd;

/// <summary>A change of an <see cref="EtcdElection"/>'s state, raised by <see cref="EtcdElection.StateChanged"/>.</summary>
public sealed class EtcdLeadershipChangedEventArgs : EventArgs
{
    /// <summary>Initializes a new instance of the <see cref="EtcdLeadershipChangedEventArgs"/> class.</summary>
    /// <param name="state">The new state.</param>
    /// <param name="reason">Why the state changed.</param>
    /// <param name="at">When it changed.</param>
    public EtcdLeadershipChangedEventArgs(EtcdElectionState state, string reason, DateTimeOffset at)
    {
        State = state;
        Reason = reason;
        At = at;
    }

    /// <summary>Gets the new state.</summary>
    public EtcdElectionState State { get; }

    /// <summary>Gets why the state changed: <c>elected</c>, <c>lease-deadline</c>, <c>lease-lost</c>, <c>resigned</c>, <c>stopped</c>.</summary>
    public string Reason { get; }

    /// <summary>Gets when the state changed, by the election's <see cref="TimeProvider"/>.</summary>
    public DateTimeOffset At { get; }
}
