
namespace Vrrp.Cli.Tests.KeepalivedInterop;

/// <summary>
/// A peer run by another implementation's daemon (keepalived, FRR's vrrpd), observed through its log: entering master
/// and entering backup are lines with a marker of their own; the VRRP process is the one signalled and waited for.
/// </summary>
/// <param name="host">The host the daemon runs on.</param>
/// <param name="vrrpProcess">The process that runs VRRP (SIGTERM is the clean stop).</param>
/// <param name="processName">The name in a timeout message.</param>
/// <param name="output">The daemon's log lines.</param>
/// <param name="masterMarker">What a line entering master contains.</param>
/// <param name="backupMarker">What a line entering backup contains.</param>
internal abstract class DaemonPeer(LanHost host, Process vrrpProcess, string processName, TimestampedOutput output, string masterMarker, string backupMarker) : IVrrpPeer
{
    public abstract VrrpImplementation Implementation { get; }

    public LanHost Host { get; } = host;

    public string Output => output.Text;

    public bool HasExited => vrrpProcess.HasExited;

    public int MasterTransitions => output.Count(l => l.Contains(masterMarker, StringComparison.Ordinal));

    public TimeSpan WaitForMaster(TimeSpan timeout, TimeSpan? after = null) =>
        WaitForLine(l => l.Contains(masterMarker, StringComparison.Ordinal), timeout, after);

    public TimeSpan WaitForBackup(TimeSpan timeout, TimeSpan? after = null) =>
        WaitForLine(l => l.Contains(backupMarker, StringComparison.Ordinal), timeout, after);

    public TimeSpan WaitForLine(Func<string, bool> predicate, TimeSpan timeout, TimeSpan? after = null) =>
        output.WaitFor(predicate, timeout, after);

    /// <summary>SIGTERM of the VRRP process: as master it sends priority 0 (RFC 5798 §6.4.3).</summary>
    public void Terminate() => Command.Run("kill", "-TERM", vrrpProcess.Id.ToString(CultureInfo.InvariantCulture));

    public abstract void KillHard();

    public int WaitForExit(TimeSpan timeout) => Command.WaitForExit(vrrpProcess, timeout, $"{processName} on {Host.Namespace}", () => Output);

    public abstract void Dispose();
}
