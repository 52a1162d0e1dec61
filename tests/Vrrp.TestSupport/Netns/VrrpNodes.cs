using Xunit;

namespace Vrrp.TestSupport.Netns;

/// <summary>The end of every <c>vrrp run</c> test: each node's output goes to the test output, then the nodes and the LAN go.</summary>
internal static class VrrpNodes
{
    /// <summary>Writes each started node's output to <paramref name="output"/>, stops the nodes, then deletes the LAN.</summary>
    public static void DisposeAll(ITestOutputHelper output, NetnsLan? lan, params VrrpNode?[] nodes)
    {
        foreach (VrrpNode? node in nodes)
        {
            if (node is not null)
            {
                output.WriteLine($"--- {node.Host.Namespace}\n{node.Output}");
                node.Dispose();
            }
        }

        lan?.Dispose();
    }
}
