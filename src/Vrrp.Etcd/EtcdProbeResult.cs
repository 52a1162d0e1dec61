namespace Vrrp.Etcd;

/// <summary>The result of one probe of etcd by a witness.</summary>
/// <param name="Reachability">Whether etcd serves, is down, or cannot be reached from here.</param>
/// <param name="OtherLeads">Whether etcd is available and another candidate leads the election.</param>
internal readonly record struct EtcdProbeResult(EtcdReachability Reachability, bool OtherLeads);
