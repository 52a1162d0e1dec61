using Vrrp.Cli.ConfigCheck;
using Vrrp.Config;

namespace Vrrp.Cli.Tests.Corpus;

/// <summary>
/// The host the corpus manifest was recorded on (its interfaces and the programs found in PATH), so the committed
/// keepalived results can be compared on any machine. Absolute script paths and users are checked on this machine.
/// </summary>
internal sealed class RecordedHostEnvironment : KeepalivedHostEnvironment
{
    private readonly HashSet<string> _interfaces = new(StringComparer.Ordinal);
    private readonly HashSet<string> _programs = new(StringComparer.Ordinal);
    private readonly SystemHostEnvironment _system = new();

    public RecordedHostEnvironment(string hostLine)
    {
        foreach (string part in hostLine.Replace("# host:", string.Empty, StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] keyValue = part.Split('=');
            HashSet<string> target = keyValue[0] == "interfaces" ? _interfaces : _programs;
            foreach (string name in keyValue[1].Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                target.Add(name);
            }
        }
    }

    public override bool InterfaceExists(string name) => _interfaces.Contains(name);

    public override bool UserExists(string name) => _system.UserExists(name);

    public override ScriptProgramStatus CheckProgram(string program) =>
        program.Contains('/', StringComparison.Ordinal) ? _system.CheckProgram(program)
        : _programs.Contains(program) ? ScriptProgramStatus.Ok : ScriptProgramStatus.NotFound;
}
