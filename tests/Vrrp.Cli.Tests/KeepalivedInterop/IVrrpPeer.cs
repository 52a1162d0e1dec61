
namespace Vrrp.Cli.Tests.KeepalivedInterop;

/// <summary>A running VRRP node of either implementation, observed through its log lines.</summary>
internal interface IVrrpPeer : IDisposable
{
    VrrpImplementation Implementation { get; }

    LanHost Host { get; }

    /// <summary>Gets every output line so far, each with the time it arrived (on <see cref="VrrpNode.Now"/>).</summary>
    string Output { get; }

    bool HasExited { get; }

    /// <summary>Gets how often the node logged entering master.</summary>
    int MasterTransitions { get; }

    /// <summary>Waits for a line entering master and returns when it arrived.</summary>
    TimeSpan WaitForMaster(TimeSpan timeout, TimeSpan? after = null);

    /// <summary>Waits for a line entering backup and returns when it arrived.</summary>
    TimeSpan WaitForBackup(TimeSpan timeout, TimeSpan? after = null);

    /// <summary>Waits for an output line matching <paramref name="predicate"/>.</summary>
    TimeSpan WaitForLine(Func<string, bool> predicate, TimeSpan timeout, TimeSpan? after = null);

    /// <summary>SIGTERM: the clean stop (a master sends priority 0).</summary>
    void Terminate();

    /// <summary>SIGKILL of every process of the node: the crash.</summary>
    void KillHard();

    int WaitForExit(TimeSpan timeout);
}
