namespace Vrrp.Etcd;

/// <summary>What a probe of every etcd member found (the witness's view of etcd when it cannot renew its lease).</summary>
internal enum EtcdReachability
{
    /// <summary>A member answered and knows a raft leader: etcd works, so a lease this node cannot renew may pass to another.</summary>
    Available,

    /// <summary>
    /// etcd itself is down: the members that answered know no raft leader (quorum lost), or refused the connection
    /// (no etcd listening), and none knows a leader. Nobody can be granted a lease.
    /// </summary>
    Unavailable,

    /// <summary>No member answered in time: this node is cut off from etcd, which may serve other nodes.</summary>
    CutOff,
}
