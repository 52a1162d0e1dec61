namespace HaproxyFailover.Supervision;

/// <summary>The VRRP instance whose election HAProxy's health decides.</summary>
/// <param name="Name">The instance name (keepalived.conf's <c>vrrp_instance NAME</c>).</param>
internal sealed record HaproxyInstanceName(string Name);
