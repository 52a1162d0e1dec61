using System.Diagnostics.CodeAnalysis;

namespace Vrrp.Cli.Tests;

/// <summary>
/// The frame of the <c>vrrp run</c> tests on a namespace LAN: the LAN, the test output, up to two nodes and a
/// temporary directory. Dispose writes each started node's output to the test output, stops the nodes, deletes the
/// LAN, then the directory.
/// </summary>
public abstract class VrrpRunPairTest : IDisposable
{
    private protected static readonly TimeSpan s_electionTimeout = TimeSpan.FromSeconds(10);
    private protected readonly ITestOutputHelper _output;
    private protected VrrpNode? _first;
    private protected VrrpNode? _second;
    private NetnsLan? _lan;
    private TempDirectory? _files;

    /// <summary>Creates the LAN of <paramref name="hostCount"/> hosts now, or none (0) for a test that calls <see cref="CreateLan"/>.</summary>
    private protected VrrpRunPairTest(ITestOutputHelper output, int hostCount = 3)
    {
        _output = output;
        if (hostCount > 0)
        {
            _lan = NetnsLan.Create(hostCount);
        }
    }

    private protected NetnsLan Lan => _lan ?? throw new InvalidOperationException("the test has not created its LAN");

    private protected TempDirectory Files => _files ??= new TempDirectory();

    public void Dispose()
    {
        VrrpNodes.DisposeAll(_output, _lan, _first, _second);
        _files?.Dispose();
        GC.SuppressFinalize(this);
    }

    private protected void CreateLan(int hostCount) => _lan = NetnsLan.Create(hostCount);

    /// <summary>Asserts that host <paramref name="holder"/> (1 or 2) holds <paramref name="vip"/> and the other host of the pair does not.</summary>
    private protected void AssertVipOnlyOn(int holder, string vip = "10.99.0.100/24")
    {
        Lan[holder].Addresses().Should().Contain(vip);
        Lan[3 - holder].Addresses().Should().NotContain(vip.Split('/')[0]);
    }

    /// <summary>
    /// The usual start: host 1 with <paramref name="first"/> after <paramref name="common"/>, until it is Master; only
    /// then host 2 with <paramref name="second"/>, until it is Backup (so the election never depends on start-up times).
    /// Each wait lasts up to <paramref name="timeout"/>, <see cref="s_electionTimeout"/> unless given.
    /// </summary>
    [MemberNotNull(nameof(_first), nameof(_second))]
    private protected void StartMasterThenBackup(string[] common, string[] first, string[] second, TimeSpan? timeout = null)
    {
        _first = VrrpNode.Start(Lan[1], [.. common, .. first]);
        _first.WaitForState("Master", timeout ?? s_electionTimeout);
        _second = VrrpNode.Start(Lan[2], [.. common, .. second]);
        _second.WaitForState("Backup", timeout ?? s_electionTimeout);
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

    /// <summary>
    /// Host 2 (priority 100) starts alone and becomes master; then host 1 (priority 150) starts with
    /// <paramref name="preemption"/>, the option under test.
    /// </summary>
    [MemberNotNull(nameof(_first), nameof(_second))]
    private protected void StartHigherPriorityAfterMaster(string vrid, params string[] preemption)
    {
        string[] common = ["-i", "eth0", "--vrid", vrid, "--version", "3", "--advert-interval", "0.2", "--vip", "10.99.0.100/24"];
        _second = VrrpNode.Start(Lan[2], [.. common, "--priority", "100"]);
        _second.WaitForState("Master", s_electionTimeout);
        _first = VrrpNode.Start(Lan[1], [.. common, "--priority", "150", .. preemption]);
    }
}
