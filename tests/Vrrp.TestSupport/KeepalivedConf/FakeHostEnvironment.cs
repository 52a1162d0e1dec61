using Vrrp.Config;

namespace Vrrp.TestSupport.KeepalivedConf;

/// <summary>A host described by the test: which interfaces and users exist, and what each script program is.</summary>
internal sealed class FakeHostEnvironment : KeepalivedHostEnvironment
{
    public HashSet<string> Interfaces { get; } = new(StringComparer.Ordinal) { "eth0", "eth1", "lo" };

    public HashSet<string> Users { get; } = new(StringComparer.Ordinal) { "root" };

    public Dictionary<string, ScriptProgramStatus> Programs { get; } = new(StringComparer.Ordinal);

    /// <summary>Creates a host on which each of <paramref name="programs"/> is a usable script program.</summary>
    public static FakeHostEnvironment WithPrograms(params string[] programs)
    {
        var host = new FakeHostEnvironment();
        foreach (string program in programs)
        {
            host.Programs[program] = ScriptProgramStatus.Ok;
        }

        return host;
    }

    public override bool InterfaceExists(string name) => Interfaces.Contains(name);

    public override bool UserExists(string name) => Users.Contains(name);

    public override ScriptProgramStatus CheckProgram(string program) =>
        Programs.TryGetValue(program, out ScriptProgramStatus status) ? status : ScriptProgramStatus.NotFound;
}
