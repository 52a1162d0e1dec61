using System.Net.NetworkInformation;

namespace Vrrp.TestSupport.Netns;

/// <summary>One host of a <see cref="NetnsLan"/>: a network namespace with one interface, eth0, on the bridge.</summary>
internal sealed record LanHost(string Namespace, int Number, IPAddress IPv4, IPAddress IPv6, IPAddress LinkLocal, PhysicalAddress Mac)
{
    public const string InterfaceName = "eth0";

    /// <summary>Runs <c>ip -n NS ARGS</c>.</summary>
    public string Ip(params string[] arguments) => Command.Run("ip", ["-n", Namespace, .. arguments]);

    /// <summary>Runs a tool inside the namespace (nsenter, which unlike <c>ip netns exec</c> remounts nothing).</summary>
    public CommandResult Exec(System.TimeSpan timeout, params string[] command) =>
        Command.TryRun(timeout, "nsenter", [$"--net=/run/netns/{Namespace}", .. command]);

    /// <summary>Gets the addresses on eth0 as <c>ip -o addr show dev eth0</c> prints them.</summary>
    public string Addresses() => Ip("-o", "addr", "show", "dev", InterfaceName);

    /// <summary>Pings once with a one-second timeout; true when answered.</summary>
    public bool Ping(IPAddress address) =>
        Exec(System.TimeSpan.FromSeconds(5), "ping", "-c", "1", "-W", "1", address.ToString()).ExitCode == 0;
}
