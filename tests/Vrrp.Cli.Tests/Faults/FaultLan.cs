
namespace Vrrp.Cli.Tests.Faults;

/// <summary>
/// The fault suite's LAN: two <c>vrrp run</c> nodes (host 1 at priority 150, the master; host 2 at 100, the backup)
/// for one VRID with one VIP, and an observer (host 3). A <see cref="VipHolderMonitor"/> samples from outside the
/// processes which node has the VIP every 50 ms from creation to disposal; the observer's ARP and ping view is
/// taken at the checkpoints. Dispose writes every node's output and the holder timeline to the test output.
/// </summary>
internal sealed class FaultLan : IDisposable
{
    /// <summary>The advertisement interval of the suite (VRRPv3).</summary>
    public static readonly TimeSpan AdvertInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>The backup's (priority 100) Skew_Time: (256 - 100) x 0.1 s / 256.</summary>
    public static readonly TimeSpan BackupSkewTime = TimeSpan.FromMilliseconds(156 * 100 / 256.0);

    /// <summary>The backup's Master_Down_Interval: 3 x 0.1 s + Skew_Time.</summary>
    public static readonly TimeSpan BackupMasterDownInterval = (3 * AdvertInterval) + BackupSkewTime;

    /// <summary>What a 2-core CI machine under load adds to a protocol time (scheduling, process reaction, sampling).</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(150);

    public static readonly IPAddress Vip = IPAddress.Parse("10.99.0.100");

    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(15);
    private readonly ITestOutputHelper _output;
    private readonly List<VrrpNode> _nodes = [];
    private readonly TimeSpan _created = VrrpNode.Now;

    private FaultLan(NetnsLan lan, ITestOutputHelper output)
    {
        Lan = lan;
        _output = output;
        Monitor = VipHolderMonitor.Start([lan[1], lan[2]], Vip, TimeSpan.FromMilliseconds(50));
    }

    public NetnsLan Lan { get; }

    public VipHolderMonitor Monitor { get; }

    public LanHost Observer => Lan[3];

    /// <summary>Gets the node on host 1 (priority 150) once started.</summary>
    public VrrpNode Master { get; private set; } = null!;

    /// <summary>Gets the node on host 2 (priority 100) once started.</summary>
    public VrrpNode Backup { get; private set; } = null!;

    public static FaultLan Create(ITestOutputHelper output) => new(NetnsLan.Create(), output);

    /// <summary>Gets the <c>vrrp run</c> arguments of the suite: VRRPv3, 100 ms, VRID 10, the VIP, one GARP burst.</summary>
    public static string[] Arguments(int priority, params string[] extra) =>
    [
        "-i", LanHost.InterfaceName, "--vrid", "10", "--version", "3", "--advert-interval", "0.1",
        "--vip", "10.99.0.100/24", "--garp-master-delay", "0", "--priority", priority.ToString(CultureInfo.InvariantCulture), .. extra,
    ];

    /// <summary>Starts the master (host 1) and then the backup (host 2) and waits until host 1 alone holds the VIP.</summary>
    public void StartPair(string[]? masterExtra = null, string[]? backupExtra = null)
    {
        Master = Start(1, Arguments(150, masterExtra ?? []));
        Master.WaitForState("Master", s_startTimeout);
        Backup = Start(2, Arguments(100, backupExtra ?? []));
        Backup.WaitForState("Backup", s_startTimeout);

        // Longer than the backup's Master_Down_Interval: a backup that did not hear the master would have taken over.
        Thread.Sleep(BackupMasterDownInterval + TimeSpan.FromMilliseconds(300));
        AssertSoleHolder(1, "the higher priority holds the VIP after the start");
    }

    /// <summary>Starts <c>vrrp run</c> on host <paramref name="host"/> (kept for Dispose).</summary>
    public VrrpNode Start(int host, string[] arguments)
    {
        VrrpNode node = VrrpNode.Start(Lan[host], arguments);
        _nodes.Add(node);
        return node;
    }

    /// <summary>
    /// The convergence invariant: within <paramref name="timeout"/> the monitor sees host <paramref name="host"/> as the
    /// only holder, and the observer reaches the VIP with exactly that host answering ARP for it.
    /// </summary>
    /// <returns>When the monitor first saw that host alone.</returns>
    public TimeSpan AssertSoleHolder(int host, string because, TimeSpan? timeout = null, TimeSpan? after = null)
    {
        TimeSpan at = Monitor.WaitForHolders(VipHolderMonitor.Bit(host), timeout ?? TimeSpan.FromSeconds(5), after ?? _created);
        ObserverView view = ObserverView.Look(Observer, Vip);
        WriteLine($"observer ({because}): {view}");
        view.Reachable.Should().BeTrue(because);
        view.Answerers.Should().Equal([Lan[host].Mac], $"exactly host {host} answers ARP for the VIP: {because}");
        Monitor.CurrentHolders().Should().Be(VipHolderMonitor.Bit(host), because);
        return at;
    }

    /// <summary>Asserts the node logged at most the given number of state changes into Master and Backup since the fault.</summary>
    public void AssertTransitionsAtMost(VrrpNode node, TimeSpan since, int master, int backup, string because)
    {
        int toMaster = node.CountTransitions("Master", since);
        int toBackup = node.CountTransitions("Backup", since);
        WriteLine($"{node.Host.Namespace}: {toMaster} -> Master, {toBackup} -> Backup since {since.TotalSeconds:F3} s");
        toMaster.Should().BeLessThanOrEqualTo(master, because);
        toBackup.Should().BeLessThanOrEqualTo(backup, because);
    }

    /// <summary>Starts the pair for a soak fault: returns when the soak starts and how long it lasts (<see cref="SoakDuration"/>).</summary>
    public (TimeSpan Started, TimeSpan Duration) StartSoak()
    {
        StartPair();
        return (VrrpNode.Now, SoakDuration.Value);
    }

    /// <summary>
    /// The end of a fault of the master: since <paramref name="since"/> the backup took over and handed back at most
    /// once each (no flapping), and host 1 alone holds the VIP again.
    /// </summary>
    public void AssertBackupHandedBack(TimeSpan since, string steadyState)
    {
        AssertTransitionsAtMost(Backup, since, master: 1, backup: 1, "one takeover and one hand-back");
        AssertSoleHolder(1, steadyState);
    }

    /// <summary>Writes a line of the test's report, stamped with <see cref="VrrpNode.Now"/>; numbers in it are formatted invariantly.</summary>
    public void WriteLine(FormattableString line) => _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{VrrpNode.Now.TotalSeconds:F3}] {FormattableString.Invariant(line)}"));

    /// <summary>Sends a signal to a node's process (kill -NAME pid).</summary>
    public static TimeSpan Signal(VrrpNode node, string signal)
    {
        TimeSpan at = VrrpNode.Now;
        Command.Run("kill", $"-{signal}", node.ProcessId.ToString(CultureInfo.InvariantCulture));
        return at;
    }

    public void Dispose()
    {
        Monitor.Dispose();
        _output.WriteLine($"--- VIP holders (sampled every 50 ms):\n{Monitor.Timeline(_created, VrrpNode.Now)}");
        foreach (VrrpNode node in _nodes)
        {
            node.Dispose();
            _output.WriteLine($"--- {node.Host.Namespace}\n{node.Output}");
        }

        Lan.Dispose();
    }

    /// <summary>
    /// Gets the VIP lease of a host as the kernel shows it: the largest remaining valid lifetime of the VIP over five
    /// reads 100 ms apart, plus one second because <c>ip</c> rounds it down; null when the VIP has no lifetime
    /// ('forever') or is absent.
    /// </summary>
    public int? VipLeaseSeconds(int host)
    {
        int? longest = null;
        for (int i = 0; i < 5; i++)
        {
            if (VipValidLifetimeSeconds(host) is { } seconds)
            {
                longest = Math.Max(longest ?? 0, seconds);
            }

            Thread.Sleep(100);
        }

        return longest + 1;
    }

    /// <summary>Reads the kernel's remaining valid lifetime of the VIP on a host in seconds, or null for 'forever' / absent.</summary>
    private int? VipValidLifetimeSeconds(int host)
    {
        string line = Lan[host].Addresses().Split('\n').FirstOrDefault(l => l.Contains($" {Vip}/", StringComparison.Ordinal)) ?? string.Empty;
        int at = line.IndexOf("valid_lft ", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        string value = line[(at + "valid_lft ".Length)..].Split(' ')[0];
        return value.EndsWith("sec", StringComparison.Ordinal) && int.TryParse(value[..^3], NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) ? seconds : null;
    }
}
