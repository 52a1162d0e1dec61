namespace Vrrp.Etcd.Hosting;

/// <summary>
/// The etcd elections of a host's instances (<c>AddVrrp().UseEtcd(...)</c>), by instance name: "am I master?" from
/// etcd's side, and a token cancelled the moment leadership ends, for work that must stop at once. The instances
/// themselves are in <see cref="Vrrp.Hosting.VrrpInstanceRegistry"/> as with VRRP (state, status, state stream).
/// </summary>
public sealed class EtcdLeadership
{
    private static readonly CancellationToken s_cancelled = new(canceled: true);
    private readonly Dictionary<string, EtcdElection> _elections = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Finds the election of a running instance.</summary>
    /// <param name="instanceName">The instance, e.g. <c>VI_1</c>.</param>
    /// <returns>The election, or null when the instance is not running (yet).</returns>
    public EtcdElection? Find(string instanceName)
    {
        ArgumentNullException.ThrowIfNull(instanceName);
        lock (_lock)
        {
            return _elections.GetValueOrDefault(instanceName);
        }
    }

    /// <summary>Gets whether this node leads the instance's election now (its lease provably alive).</summary>
    /// <param name="instanceName">The instance.</param>
    /// <returns>Whether this node is leader.</returns>
    public bool IsLeader(string instanceName) => Find(instanceName)?.IsLeader ?? false;

    /// <summary>
    /// Gets a token cancelled the moment this node's current leadership of the instance ends (before its addresses are
    /// removed); already cancelled when it is not leader. Ask again after each election: each term has its own token.
    /// </summary>
    /// <param name="instanceName">The instance.</param>
    /// <returns>The token.</returns>
    public CancellationToken GetLeadershipToken(string instanceName) => Find(instanceName)?.LeadershipToken ?? s_cancelled;

    internal void Add(string instanceName, EtcdElection election)
    {
        lock (_lock)
        {
            _elections[instanceName] = election;
        }
    }

    internal void Remove(string instanceName, EtcdElection election)
    {
        lock (_lock)
        {
            if (_elections.TryGetValue(instanceName, out EtcdElection? current) && current == election)
            {
                _elections.Remove(instanceName);
            }
        }
    }
}
