namespace Vrrp.Etcd.Hosting;

/// <summary>What a node in <see cref="EtcdMode.Witness"/> does while it cannot reach etcd.</summary>
public enum EtcdUnreachableBehavior
{
    /// <summary>The current master stays master and a backup does not take over: no two masters, but no failover either until etcd is back.</summary>
    KeepMaster,

    /// <summary>Plain VRRP decides, as without etcd: failover goes on, and a partition of the LAN may give two masters.</summary>
    PlainVrrp,
}
