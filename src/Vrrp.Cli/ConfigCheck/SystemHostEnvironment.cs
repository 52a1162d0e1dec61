using System.Net.NetworkInformation;
using Vrrp.Config;

namespace Vrrp.Cli.ConfigCheck;

/// <summary>Answers the checker's questions about this machine, as keepalived does when it reads its configuration.</summary>
internal sealed class SystemHostEnvironment : KeepalivedHostEnvironment
{
    private Dictionary<string, NetworkInterfaceType>? _interfaces;
    private HashSet<string>? _users;

    public override bool InterfaceExists(string name)
    {
        return Interfaces().ContainsKey(name);
    }

    public override bool IsLoopbackInterface(string name) =>
        Interfaces().TryGetValue(name, out NetworkInterfaceType type) && type == NetworkInterfaceType.Loopback;

    private Dictionary<string, NetworkInterfaceType> Interfaces()
    {
        if (_interfaces is null)
        {
            _interfaces = new Dictionary<string, NetworkInterfaceType>(StringComparer.Ordinal);
            foreach (NetworkInterface network in NetworkInterface.GetAllNetworkInterfaces())
            {
                _interfaces.TryAdd(network.Name, network.NetworkInterfaceType);
            }
        }

        return _interfaces;
    }

    public override bool UserExists(string name)
    {
        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        if (_users is null)
        {
            _users = new HashSet<string>(StringComparer.Ordinal);
            try
            {
                foreach (string line in File.ReadLines("/etc/passwd"))
                {
                    int colon = line.IndexOf(':', StringComparison.Ordinal);
                    if (colon > 0)
                    {
                        _users.Add(line[..colon]);
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Cannot tell: do not report users as missing.
                return true;
            }
        }

        return _users.Contains(name);
    }

    public override ScriptProgramStatus CheckProgram(string program) => ScriptPrograms.Check(program);
}
