using System.Runtime.Versioning;
using System.Text;

namespace Vrrp.Hosting.Tracking;

/// <summary>
/// Reads the process table from <c>/proc</c>: the name and state from <c>/proc/PID/stat</c> (state Z or X is a zombie),
/// the command line from <c>/proc/PID/cmdline</c> when asked. keepalived reads /proc once and then follows the kernel's
/// process events (netlink proc connector, which needs CAP_NET_ADMIN); polling needs no privilege and no socket.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class ProcFileSystemProcessTable : IProcessTable
{
    private readonly string _root;

    public ProcFileSystemProcessTable(string root = "/proc") => _root = root;

    public IReadOnlyList<ProcessEntry> Read(bool withCommandLines)
    {
        var processes = new List<ProcessEntry>();
        foreach (string directory in Directory.EnumerateDirectories(_root))
        {
            string pidText = Path.GetFileName(directory);
            if (pidText.Length == 0 || !char.IsAsciiDigit(pidText[0]) || !int.TryParse(pidText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int pid))
            {
                continue;
            }

            try
            {
                // "PID (NAME) STATE ...": the name may hold spaces and parentheses, so it ends at the last ')'.
                string stat = File.ReadAllText(Path.Combine(directory, "stat"));
                int open = stat.IndexOf('(', StringComparison.Ordinal);
                int close = stat.LastIndexOf(')');
                if (open < 0 || close < open || close + 2 >= stat.Length)
                {
                    continue;
                }

                string name = stat[(open + 1)..close];
                bool zombie = stat[close + 2] is 'Z' or 'X';
                IReadOnlyList<string> commandLine = withCommandLines && !zombie ? ReadCommandLine(Path.Combine(directory, "cmdline")) : [];
                processes.Add(new ProcessEntry(pid, name, commandLine, zombie));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The process exited while being read.
            }
        }

        return processes;
    }

    private static string[] ReadCommandLine(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int length = bytes.Length > 0 && bytes[^1] == 0 ? bytes.Length - 1 : bytes.Length;
        return length == 0 ? [] : Encoding.UTF8.GetString(bytes, 0, length).Split('\0');
    }
}
