using System.Net.NetworkInformation;

namespace Vrrp.TestSupport.Netns;

/// <summary>
/// A LAN made of network namespaces: a switch namespace with bridge br0 and N hosts, each with eth0 plugged into the
/// bridge by a veth pair. Host n has 10.99.0.n/24, fd00:99::n/64, fe80::n/64 (no DAD) and MAC 02:00:00:00:00:0n.
/// Names are vrt{pid:x}x{seq:x}{role}, so parallel tests and test runs never collide, and leftovers of dead test
/// processes are reaped. The host's own interfaces are never touched. Dispose deletes every namespace.
/// </summary>
internal sealed class NetnsLan : IDisposable
{
    private const string Prefix = "vrt";
    private static int s_sequence;
    private static int s_reaped;
    private readonly List<string> _namespaces = [];

    private NetnsLan(string name) => Name = name;

    public string Name { get; }

    public string SwitchNamespace => Name + "s";

    public IReadOnlyList<LanHost> Hosts => _hosts;

    private readonly List<LanHost> _hosts = [];

    public LanHost this[int number] => _hosts[number - 1];

    public static NetnsLan Create(int hostCount = 3)
    {
        IntegrationPrerequisites.Ensure();
        ReapStale();
        string name = string.Create(CultureInfo.InvariantCulture, $"{Prefix}{Environment.ProcessId:x}x{Interlocked.Increment(ref s_sequence):x}");
        var lan = new NetnsLan(name);
        try
        {
            lan.Build(hostCount);
            return lan;
        }
        catch
        {
            lan.Dispose();
            throw;
        }
    }

    /// <summary>Runs a command inside the switch namespace.</summary>
    public string SwitchIp(params string[] arguments) => Command.Run("ip", ["-n", SwitchNamespace, .. arguments]);

    public void Dispose()
    {
        foreach (string ns in _namespaces)
        {
            Command.TryRun(TimeSpan.FromSeconds(10), "ip", "netns", "del", ns);
        }

        _namespaces.Clear();
    }

    private void Build(int hostCount)
    {
        AddNamespace(SwitchNamespace);
        SwitchIp("link", "add", "br0", "type", "bridge", "mcast_snooping", "0", "forward_delay", "0");
        SwitchIp("link", "set", "br0", "up");
        for (int n = 1; n <= hostCount; n++)
        {
            string ns = $"{Name}h{n}";
            AddNamespace(ns);

            // Interfaces created afterwards inherit 'default': no DAD, so addresses are usable at once.
            Command.Run("nsenter", $"--net=/run/netns/{ns}", "sysctl", "-q", "-w", "net.ipv6.conf.default.accept_dad=0", "net.ipv6.conf.all.accept_dad=0");
            Command.Run("ip", "-n", ns, "link", "set", "lo", "up");
            PlugHost(ns, n);
            var linkLocal = IPAddress.Parse($"fe80::{n}");
            _hosts.Add(new LanHost(ns, n, IPAddress.Parse($"10.99.0.{n}"), IPAddress.Parse($"fd00:99::{n}"), linkLocal, PhysicalAddress.Parse(MacOf(n))));
        }
    }

    /// <summary>Deletes host <paramref name="number"/>'s eth0 (its bridge port goes with it, as a veth pair does).</summary>
    public void DeleteHostInterface(int number) => this[number].Ip("link", "del", LanHost.InterfaceName);

    /// <summary>
    /// Creates host <paramref name="number"/>'s eth0 again after <see cref="DeleteHostInterface"/>: a new veth pair
    /// (a new ifindex) with the same MAC and addresses, plugged into the bridge, as a re-created interface would be.
    /// With <paramref name="ipv4"/> the new interface gets that IPv4 address (/24) instead of 10.99.0.n.
    /// </summary>
    public void RecreateHostInterface(int number, string? ipv4 = null) => PlugHost(this[number].Namespace, number, ipv4);

    /// <summary>Deletes host <paramref name="number"/>'s eth0 and creates it again at once (see <see cref="RecreateHostInterface"/>).</summary>
    public void RecreateInterface(int number, string? ipv4 = null)
    {
        DeleteHostInterface(number);
        RecreateHostInterface(number, ipv4);
    }

    private static string MacOf(int number) => $"02:00:00:00:00:{number:x2}";

    private void PlugHost(string ns, int n, string? ipv4 = null)
    {
        string port = $"p{n}";
        Command.Run("ip", "-n", ns, "link", "add", LanHost.InterfaceName, "address", MacOf(n), "type", "veth", "peer", "name", port, "netns", SwitchNamespace);
        Command.Run("ip", "-n", ns, "link", "set", LanHost.InterfaceName, "addrgenmode", "none");
        Command.Run("ip", "-n", ns, "link", "set", LanHost.InterfaceName, "up");
        Command.Run("ip", "-n", ns, "addr", "add", $"{ipv4 ?? $"10.99.0.{n}"}/24", "dev", LanHost.InterfaceName);
        Command.Run("ip", "-n", ns, "addr", "add", $"fd00:99::{n}/64", "dev", LanHost.InterfaceName, "nodad");
        Command.Run("ip", "-n", ns, "addr", "add", $"fe80::{n}/64", "dev", LanHost.InterfaceName, "nodad");
        SwitchIp("link", "set", port, "master", "br0", "up");
    }

    private void AddNamespace(string ns)
    {
        Command.Run("ip", "netns", "add", ns);
        _namespaces.Add(ns);
    }

    /// <summary>Deletes namespaces left by test processes that died before their Dispose ran.</summary>
    private static void ReapStale()
    {
        if (Interlocked.Exchange(ref s_reaped, 1) != 0)
        {
            return;
        }

        CommandResult list = Command.TryRun(TimeSpan.FromSeconds(10), "ip", "netns", "list");
        foreach (string line in list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string ns = line.Split(' ')[0];
            int x = ns.IndexOf('x', Prefix.Length);
            if (!ns.StartsWith(Prefix, StringComparison.Ordinal) || x < 0
                || !int.TryParse(ns.AsSpan(Prefix.Length, x - Prefix.Length), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int pid)
                || pid == Environment.ProcessId || ProcessProbe.IsAlive(pid))
            {
                continue;
            }

            Command.TryRun(TimeSpan.FromSeconds(10), "ip", "netns", "del", ns);
        }
    }
}
