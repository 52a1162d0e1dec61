
namespace Vrrp.Cli.Tests.KeepalivedInterop;

/// <summary>A <c>vrrp run</c> node: the existing <see cref="VrrpNode"/> process helper behind <see cref="IVrrpPeer"/>.</summary>
internal sealed class VrrpRunPeer : IVrrpPeer
{
    private readonly VrrpNode _node;
    private bool _exited;

    private VrrpRunPeer(VrrpNode node) => _node = node;

    public VrrpImplementation Implementation => VrrpImplementation.VrrpRun;

    public LanHost Host => _node.Host;

    public string Output => _node.Output;

    public bool HasExited
    {
        get
        {
            if (!_exited)
            {
                try
                {
                    _node.WaitForExit(TimeSpan.Zero);
                    _exited = true;
                }
                catch (TimeoutException)
                {
                }
            }

            return _exited;
        }
    }

    public int MasterTransitions => Output.Split('\n').Count(l => l.Contains(" -> Master ", StringComparison.Ordinal));

    public static VrrpRunPeer Start(LanHost host, InstanceSpec spec) => new(VrrpNode.Start(host, spec.ToVrrpRunArguments()));

    public TimeSpan WaitForMaster(TimeSpan timeout, TimeSpan? after = null) => _node.WaitForState("Master", timeout, after);

    public TimeSpan WaitForBackup(TimeSpan timeout, TimeSpan? after = null) => _node.WaitForState("Backup", timeout, after);

    public TimeSpan WaitForLine(Func<string, bool> predicate, TimeSpan timeout, TimeSpan? after = null) => _node.WaitForLine(predicate, timeout, after);

    public void Terminate() => _node.Terminate();

    public void KillHard() => _node.KillHard();

    public int WaitForExit(TimeSpan timeout)
    {
        int code = _node.WaitForExit(timeout);
        _exited = true;
        return code;
    }

    public void Dispose() => _node.Dispose();
}
