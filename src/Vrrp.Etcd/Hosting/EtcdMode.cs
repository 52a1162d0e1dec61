namespace Vrrp.Etcd.Hosting;

/// <summary>How a host with <see cref="VrrpEtcdOptions"/> uses etcd.</summary>
public enum EtcdMode
{
    /// <summary>
    /// etcd alone elects the holder of each instance's addresses (no VRRP on the wire): for nodes that share no LAN,
    /// clouds without multicast (with the command binder) or wherever a partition must never give two masters.
    /// </summary>
    Alone,

    /// <summary>
    /// VRRP runs on the LAN as usual and etcd is a witness: on a partition only the side that holds the etcd lease may
    /// be master; when etcd is unreachable, <see cref="VrrpEtcdOptions.WhenUnreachable"/> decides.
    /// </summary>
    Witness,
}
