namespace Vrrp.Cli.Tests;

/// <summary>
/// The tests that run vrrp's commands in process or against captures (check-config over the corpus and keepalived -t,
/// decode against tshark, status, run -f parsing). Their CPU bursts beside the namespace-LAN tests of this assembly
/// would skew those tests' millisecond failover timings, so they run as one collection with parallelization disabled,
/// which xunit runs alone, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class InProcessCommands
{
    public const string Name = "In-process vrrp commands (run after the namespace LAN tests)";
}
