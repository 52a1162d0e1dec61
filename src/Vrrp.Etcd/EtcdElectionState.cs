namespace Vrrp.Etcd;

/// <summary>Where a candidate stands in an <see cref="EtcdElection"/>.</summary>
public enum EtcdElectionState
{
    /// <summary>Not leader: campaigning, waiting for etcd, or not eligible.</summary>
    Follower,

    /// <summary>Leader, and its lease is provably alive by this node's clock.</summary>
    Leader,
}
