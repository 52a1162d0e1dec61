
namespace Vrrp.Cli.Tests.KeepalivedInterop;

/// <summary>
/// The frame of the interop tests: a namespace LAN, the test output and the peers started on it. Dispose stops each
/// peer and writes its output (for FRR first its <c>show vrrp json</c>), then deletes the LAN.
/// </summary>
public abstract class PeerLanTest : IDisposable
{
    private protected readonly NetnsLan _lan;
    private protected readonly ITestOutputHelper _output;
    private readonly List<IVrrpPeer> _peers = [];

    private protected PeerLanTest(ITestOutputHelper output, NetnsLan lan)
    {
        _lan = lan;
        _output = output;
    }

    public void Dispose()
    {
        foreach (IVrrpPeer peer in _peers)
        {
            if (peer is FrrPeer frr && !frr.HasExited)
            {
                _output.WriteLine($"--- show vrrp json on {peer.Host.Namespace}\n{frr.ShowVrrp()}");
            }

            peer.Dispose();
            _output.WriteLine($"--- {peer.Implementation} on {peer.Host.Namespace}\n{peer.Output}");
        }

        _lan.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// The rows of a mixed-pair theory: each scenario twice, once with <paramref name="other"/> as the master and once
    /// with <c>vrrp run</c>.
    /// </summary>
    private protected static TheoryData<string, VrrpImplementation> EachScenarioWithEitherMaster(VrrpImplementation other, params string[] scenarios)
    {
        var rows = new TheoryData<string, VrrpImplementation>();
        foreach (string scenario in scenarios)
        {
            rows.Add(scenario, other);
            rows.Add(scenario, VrrpImplementation.VrrpRun);
        }

        return rows;
    }

    /// <summary>Starts <paramref name="implementation"/> (<c>vrrp run</c> or <paramref name="other"/>) on <paramref name="host"/>, disposed with the test.</summary>
    private protected IVrrpPeer Start(VrrpImplementation implementation, LanHost host, InstanceSpec spec, VrrpImplementation other, Func<LanHost, InstanceSpec, IVrrpPeer> startOther)
    {
        IVrrpPeer peer = implementation == other ? startOther(host, spec) : VrrpRunPeer.Start(host, spec);
        _peers.Add(peer);
        return peer;
    }
}
