using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using Xunit;

namespace Vrrp.Cli.Tests.EndToEnd.Netns;

/// <summary>
/// A LAN of network namespaces (the minimal part of Vrrp.Linux.Tests' NetnsLan): a switch namespace with bridge br0
/// and hosts whose eth0 is plugged into it; host n has 10.99.0.n/24. Root (or CAP_NET_ADMIN, CAP_NET_RAW and
/// CAP_SYS_ADMIN) is needed: without it the test is skipped with the exact reason, or fails when
/// VRRP_REQUIRE_INTEGRATION=1. Dispose deletes every namespace.
/// </summary>
internal sealed class NamespaceLan : IDisposable
{
    private static int s_sequence;
    private readonly List<string> _namespaces = [];

    private NamespaceLan(string name) => Name = name;

    public string Name { get; }

    public string Host(int number) => $"{Name}h{number}";

    public static NamespaceLan Create(int hostCount)
    {
        EnsurePrerequisites();
        var lan = new NamespaceLan(string.Create(CultureInfo.InvariantCulture, $"vrh{Environment.ProcessId:x}x{Interlocked.Increment(ref s_sequence):x}"));
        try
        {
            string switchNs = lan.Name + "s";
            lan.Add(switchNs);
            Tool.Run("ip", "-n", switchNs, "link", "add", "br0", "type", "bridge", "mcast_snooping", "0", "forward_delay", "0");
            Tool.Run("ip", "-n", switchNs, "link", "set", "br0", "up");
            for (int n = 1; n <= hostCount; n++)
            {
                string ns = lan.Host(n);
                lan.Add(ns);
                Tool.Run("ip", "-n", ns, "link", "add", "eth0", "address", $"02:00:00:00:01:{n:x2}", "type", "veth", "peer", "name", $"p{n}", "netns", switchNs);
                Tool.Run("ip", "-n", ns, "link", "set", "lo", "up");
                Tool.Run("ip", "-n", ns, "link", "set", "eth0", "up");
                Tool.Run("ip", "-n", ns, "addr", "add", $"10.99.0.{n}/24", "dev", "eth0");
                Tool.Run("ip", "-n", switchNs, "link", "set", $"p{n}", "master", "br0", "up");
            }

            return lan;
        }
        catch
        {
            lan.Dispose();
            throw;
        }
    }

    /// <summary>Gets the addresses on eth0 of host <paramref name="number"/> as <c>ip -o addr show dev eth0</c> prints them.</summary>
    public string Addresses(int number) => Tool.Run("ip", "-n", Host(number), "-o", "addr", "show", "dev", "eth0");

    public void Dispose()
    {
        foreach (string ns in _namespaces)
        {
            Tool.TryRun("ip", "netns", "del", ns);
        }
    }

    private void Add(string ns)
    {
        Tool.Run("ip", "netns", "add", ns);
        _namespaces.Add(ns);
    }

    private static void EnsurePrerequisites()
    {
        string? missing = FindMissing();
        if (missing is null)
        {
            return;
        }

        if (Environment.GetEnvironmentVariable("VRRP_REQUIRE_INTEGRATION") == "1")
        {
            Assert.Fail($"VRRP_REQUIRE_INTEGRATION=1 but {missing}");
        }

        Assert.Skip($"needs root to build a network-namespace LAN: {missing}.");
    }

    private static string? FindMissing()
    {
        string status = File.ReadAllLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("CapEff:", StringComparison.Ordinal)) ?? "CapEff: 0";
        ulong effective = Convert.ToUInt64(status["CapEff:".Length..].Trim(), 16);
        foreach ((int bit, string name) in new[] { (12, "CAP_NET_ADMIN"), (13, "CAP_NET_RAW"), (21, "CAP_SYS_ADMIN") })
        {
            if ((effective & (1UL << bit)) == 0)
            {
                return $"the test process lacks {name} (CapEff {effective:x}; not running as root)";
            }
        }

        string[] path = (Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin").Split(':');
        foreach (string tool in new[] { "ip", "nsenter" })
        {
            if (!path.Any(directory => File.Exists(Path.Combine(directory, tool))))
            {
                return $"'{tool}' is not installed (iproute2, util-linux)";
            }
        }

        (int exitCode, _, string error) = Tool.TryRun("ip", "netns", "list");
        return exitCode == 0 ? null : $"'ip netns list' failed: {error.Trim()}";
    }
}
