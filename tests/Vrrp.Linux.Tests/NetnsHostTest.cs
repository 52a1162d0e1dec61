
namespace Vrrp.Linux.Tests;

/// <summary>Base of the tests that drive one host of a fresh namespace LAN (<see cref="Host"/>, the LAN's first host), torn down after each test.</summary>
public abstract class NetnsHostTest : IDisposable
{
    protected NetnsHostTest(int hostCount) => Lan = NetnsLan.Create(hostCount);

    private protected NetnsLan Lan { get; }

    private protected LanHost Host => Lan[1];

    public void Dispose()
    {
        Lan.Dispose();
        GC.SuppressFinalize(this);
    }
}
