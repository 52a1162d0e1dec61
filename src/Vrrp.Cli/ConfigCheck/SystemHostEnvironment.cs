using System.Net.NetworkInformation;
using Vrrp.Config;

namespace Vrrp.Cli.ConfigCheck;

/// <summary>Answers the checker's questions about this machine, as keepalived does when it reads its configuration.</summary>
internal sealed class SystemHostEnvironment : KeepalivedHostEnvironment
{
    private const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

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

    public override ScriptProgramStatus CheckProgram(string program)
    {
        string? path = program.Contains('/', StringComparison.Ordinal) ? Path.GetFullPath(program) : SearchPath(program);
        if (path is null || !File.Exists(path))
        {
            return ScriptProgramStatus.NotFound;
        }

        if (OperatingSystem.IsWindows())
        {
            return ScriptProgramStatus.Ok;
        }

        try
        {
            UnixFileMode mode = File.GetUnixFileMode(path);
            if ((mode & AnyExecute) == 0)
            {
                return ScriptProgramStatus.NotExecutable;
            }

            return IsWritableByOthers(path, mode) ? ScriptProgramStatus.Insecure : ScriptProgramStatus.Ok;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ScriptProgramStatus.NotFound;
        }
    }

    private static string? SearchPath(string program)
    {
        string? pathVariable = Environment.GetEnvironmentVariable("PATH");
        string searched = string.IsNullOrEmpty(pathVariable) ? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" : pathVariable;
        foreach (string directory in searched.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(directory, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    // keepalived's script security: neither the file nor a directory above it may be writable by group or others
    // (a sticky directory such as /tmp is fine). .NET cannot read the owner, so a file owned and writable by a
    // non-root user is not caught here.
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static bool IsWritableByOthers(string path, UnixFileMode fileMode)
    {
        if ((fileMode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
        {
            return true;
        }

        for (string? directory = Path.GetDirectoryName(path); !string.IsNullOrEmpty(directory); directory = Path.GetDirectoryName(directory))
        {
            UnixFileMode mode = File.GetUnixFileMode(directory);
            if ((mode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0 && (mode & UnixFileMode.StickyBit) == 0)
            {
                return true;
            }
        }

        return false;
    }
}
