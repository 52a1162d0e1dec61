namespace Vrrp.Cli.Tests.Faults;

/// <summary>
/// The faults that load or change the whole machine (a CPU burner, packet floods, wall-clock steps). xunit runs a
/// collection with parallelization disabled alone, after the parallel ones: a burner or a clock step beside the
/// other namespace tests would break their millisecond timings, and theirs would blur these measurements.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MachineWideFaults
{
    public const string Name = "Machine-wide faults (run alone)";
}
