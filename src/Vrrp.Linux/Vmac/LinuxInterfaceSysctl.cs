using Microsoft.Extensions.Logging;

namespace Vrrp.Linux.Vmac;

/// <summary>
/// One per-interface IPv4 sysctl (<c>/proc/sys/net/ipv4/conf/IF/NAME</c>), set and later restored. The path is
/// resolved in the network namespace of the calling thread, as rtnetlink sockets are.
/// </summary>
internal sealed class LinuxInterfaceSysctl
{
    private readonly string _path;
    private readonly ILogger _logger;
    private string? _original;

    private LinuxInterfaceSysctl(string path, ILogger logger)
    {
        _path = path;
        _logger = logger;
    }

    /// <summary>Sets <c>net.ipv4.conf.INTERFACE.NAME</c> and remembers the old value; logs (not throws) a failure.</summary>
    public static LinuxInterfaceSysctl Set(string interfaceName, string name, string value, ILogger logger)
    {
        var sysctl = new LinuxInterfaceSysctl($"/proc/sys/net/ipv4/conf/{interfaceName}/{name}", logger);
        try
        {
            string original = File.ReadAllText(sysctl._path).Trim();
            if (!string.Equals(original, value, StringComparison.Ordinal))
            {
                File.WriteAllText(sysctl._path, value);
                sysctl._original = original;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Without these the VMAC still carries the VIPs; only ARP answers from the base interface may be wrong.
            logger.SysctlFailed(sysctl._path, value, ex.Message);
        }

        return sysctl;
    }

    /// <summary>Writes the old value back if <see cref="Set"/> changed it.</summary>
    public void Restore()
    {
        if (_original is not { } original)
        {
            return;
        }

        try
        {
            File.WriteAllText(_path, original);
            _original = null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.SysctlFailed(_path, original, ex.Message);
        }
    }
}
