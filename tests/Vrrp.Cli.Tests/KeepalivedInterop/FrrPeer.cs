using System.Net.NetworkInformation;
using System.Text;

namespace Vrrp.Cli.Tests.KeepalivedInterop;

/// <summary>
/// FRR's vrrpd (Debian's 8.4) on one host of the LAN: zebra and vrrpd in the host's namespace, in the foreground,
/// every runtime file (configurations, pid files, the zserv socket, the vty sockets) in a private directory the
/// frr user can reach. vrrpd does not add addresses: it needs a macvlan per VRID and family, with the virtual MAC
/// and the VIPs on it, made beforehand, and toggles protodown on it (down in backup, up as master). The parent
/// gets arp_ignore=1 so that it does not answer ARP for the VIP on the macvlan. FRR has no authentication,
/// no unicast and no preempt_delay. State changes are read from vrrpd's log ("[VRID 51] [IPv4] Backup -> Master").
/// </summary>
internal sealed class FrrPeer : DaemonPeer
{
    private const string Daemons = "/usr/lib/frr";
    private static int s_sequence;
    private readonly string _directory;
    private readonly Process _zebra;
    private readonly Process _vrrpd;

    private FrrPeer(LanHost host, string directory, Process zebra, Process vrrpd, TimestampedOutput output, PhysicalAddress virtualMac)
        : base(host, vrrpd, "vrrpd", output, "-> Master", "-> Backup")
    {
        _directory = directory;
        _zebra = zebra;
        _vrrpd = vrrpd;
        VirtualMac = virtualMac;
    }

    public override VrrpImplementation Implementation => VrrpImplementation.Frr;

    /// <summary>Gets the virtual router MAC the macvlan answers with (00:00:5e:00:01:VRID, or :02: for IPv6).</summary>
    public PhysicalAddress VirtualMac { get; }

    /// <summary>Whether FRR is installed where Debian puts it.</summary>
    public static bool IsInstalled => File.Exists(Path.Combine(Daemons, "vrrpd")) && File.Exists(Path.Combine(Daemons, "zebra"));

    public static FrrPeer Start(LanHost host, InstanceSpec spec)
    {
        if (spec.AuthPass is not null || spec.UnicastPeers.Count > 0)
        {
            throw new ArgumentException("FRR 8.4 vrrpd has no authentication and no unicast", nameof(spec));
        }

        bool v6 = spec.VirtualAddresses.Any(a => a.Contains(':', StringComparison.Ordinal));
        string family = v6 ? "6" : "4";
        string macvlan = string.Create(CultureInfo.InvariantCulture, $"vrrp{family}-{spec.VirtualRouterId}");
        var mac = PhysicalAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"00-00-5E-00-0{(v6 ? 2 : 1)}-{spec.VirtualRouterId:X2}"));
        // A restarted peer on the same host makes its macvlan afresh.
        host.Exec(TimeSpan.FromSeconds(10), "ip", "link", "del", macvlan);
        host.Ip("link", "add", macvlan, "link", LanHost.InterfaceName, "type", "macvlan", "mode", "bridge");
        host.Ip("link", "set", macvlan, "addrgenmode", "random");
        host.Ip("link", "set", macvlan, "address", string.Join(':', mac.GetAddressBytes().Select(b => b.ToString("x2", CultureInfo.InvariantCulture))));
        host.Ip("link", "set", macvlan, "up");
        foreach (string vip in spec.VirtualAddresses)
        {
            host.Ip(v6 ? ["addr", "add", vip, "dev", macvlan, "nodad"] : ["addr", "add", vip, "dev", macvlan]);
        }

        Command.Run("nsenter", $"--net=/run/netns/{host.Namespace}", "sysctl", "-q", "-w", $"net.ipv4.conf.{LanHost.InterfaceName}.arp_ignore=1");

        string directory = Path.Combine(Path.GetTempPath(), string.Create(CultureInfo.InvariantCulture, $"vrrp-frr-{Environment.ProcessId}-{Interlocked.Increment(ref s_sequence)}"));
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "zebra.conf"), $"hostname {host.Namespace}\n");
        File.WriteAllText(Path.Combine(directory, "vrrpd.conf"), VrrpdConfiguration(spec, v6));
        Command.Run("chown", "-R", "frr:frr", directory);

        var output = new TimestampedOutput($"FRR on {host.Namespace}");
        Process zebra = StartDaemon(host, "zebra", directory, output);
        try
        {
            // vrrpd connects to zebra's zserv socket: wait for it.
            long deadline = Environment.TickCount64 + 10000;
            while (!File.Exists(Path.Combine(directory, "zserv.api")))
            {
                if (Environment.TickCount64 > deadline || zebra.HasExited)
                {
                    throw new InvalidOperationException($"zebra on {host.Namespace} did not open its zserv socket:\n{output.Text}");
                }

                Thread.Sleep(20);
            }

            Process vrrpd = StartDaemon(host, "vrrpd", directory, output);
            return new FrrPeer(host, directory, zebra, vrrpd, output, mac);
        }
        catch
        {
            zebra.Kill();
            zebra.Dispose();
            throw;
        }
    }

    // SIGTERM (DaemonPeer.Terminate) of vrrpd as master also sets the macvlan protodown.
    public override void KillHard()
    {
        _vrrpd.Kill();
        _zebra.Kill();
    }

    /// <summary>Gets vtysh's <c>show vrrp json</c> (state, counters) for the test output.</summary>
    public string ShowVrrp() =>
        Command.TryRun(TimeSpan.FromSeconds(10), "vtysh", "--vty_socket", _directory, "-c", "show vrrp json").Output;

    public override void Dispose()
    {
        // vrrpd before zebra, as FRR stops them.
        foreach (Process process in new[] { _vrrpd, _zebra })
        {
            if (!process.HasExited)
            {
                Command.TryRun(TimeSpan.FromSeconds(5), "kill", "-TERM", process.Id.ToString(CultureInfo.InvariantCulture));
                if (!process.WaitForExit(5000))
                {
                    process.Kill();
                    process.WaitForExit(5000);
                }
            }

            process.Dispose();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static string VrrpdConfiguration(InstanceSpec spec, bool v6)
    {
        int vrid = spec.VirtualRouterId;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"interface {LanHost.InterfaceName}\n");
        text.Append(CultureInfo.InvariantCulture, $" vrrp {vrid} version {spec.Version}\n");
        text.Append(CultureInfo.InvariantCulture, $" vrrp {vrid} priority {spec.Priority}\n");
        text.Append(CultureInfo.InvariantCulture, $" vrrp {vrid} advertisement-interval {(int)(spec.AdvertInterval * 1000)}\n");
        foreach (string vip in spec.VirtualAddresses)
        {
            text.Append(CultureInfo.InvariantCulture, $" vrrp {vrid} {(v6 ? "ipv6" : "ip")} {IPAddress.Parse(vip.Split('/')[0])}\n");
        }

        text.Append("!\n");
        return text.ToString();
    }

    private static Process StartDaemon(LanHost host, string daemon, string directory, TimestampedOutput output)
    {
        ProcessStartInfo info = Command.StartInfo("nsenter",
        [
            $"--net=/run/netns/{host.Namespace}", Path.Combine(Daemons, daemon),
            "-f", Path.Combine(directory, daemon + ".conf"), "-i", Path.Combine(directory, daemon + ".pid"),
            "-z", Path.Combine(directory, "zserv.api"), "--vty_socket", directory, "-P", "0", "--log", "stdout",
        ]);

        Process process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {daemon}");
        process.OutputDataReceived += (_, e) => output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => output.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
