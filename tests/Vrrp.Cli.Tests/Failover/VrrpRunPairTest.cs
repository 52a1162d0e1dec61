using System.Diagnostics.CodeAnalysis;
using Vrrp.TestSupport.Netns;

namespace Vrrp.Cli.Tests.Failover;

/// <summary>
/// The frame of the two-node <c>vrrp run</c> tests: a namespace LAN, the test output and up to two nodes. Dispose
/// writes each started node's output to the test output, stops the nodes and deletes the LAN.
/// </summary>
public abstract class VrrpRunPairTest : IDisposable
{
    private protected static readonly TimeSpan s_electionTimeout = TimeSpan.FromSeconds(10);
    private protected readonly NetnsLan _lan;
    private protected readonly ITestOutputHelper _output;
    private protected VrrpNode? _first;
    private protected VrrpNode? _second;

    private protected VrrpRunPairTest(ITestOutputHelper output, int hostCount = 3)
    {
        _lan = NetnsLan.Create(hostCount);
        _output = output;
    }

    public void Dispose()
    {
        VrrpNodes.DisposeAll(_output, _lan, _first, _second);
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// The usual start: host 1 with <paramref name="first"/> after <paramref name="common"/>, until it is Master; only
    /// then host 2 with <paramref name="second"/>, until it is Backup (so the election never depends on start-up times).
    /// </summary>
    [MemberNotNull(nameof(_first), nameof(_second))]
    private protected void StartMasterThenBackup(string[] common, string[] first, string[] second)
    {
        _first = VrrpNode.Start(_lan[1], [.. common, .. first]);
        _first.WaitForState("Master", s_electionTimeout);
        _second = VrrpNode.Start(_lan[2], [.. common, .. second]);
        _second.WaitForState("Backup", s_electionTimeout);
    }

    /// <summary>
    /// <see cref="StartMasterThenBackup"/> for VRID <paramref name="vrid"/> at priorities 150 and 100, then half a
    /// second for the first adverts to arrive.
    /// </summary>
    [MemberNotNull(nameof(_first), nameof(_second))]
    private protected void StartPair(string[] common, string vrid)
    {
        StartMasterThenBackup(common, ["--vrid", vrid, "--priority", "150"], ["--vrid", vrid, "--priority", "100"]);
        Thread.Sleep(500);
    }
}
