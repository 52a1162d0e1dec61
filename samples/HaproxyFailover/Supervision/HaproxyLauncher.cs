using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;

namespace HaproxyFailover.Supervision;

/// <summary>Starts HAProxy in the foreground (<c>-db</c>) as a child of this host, or adopts the one its pid file names.</summary>
[SupportedOSPlatform("linux")]
internal sealed class HaproxyLauncher(HaproxyOptions options) : IHaproxyLauncher
{
    public IHaproxyProcess Start()
    {
        var start = new ProcessStartInfo(options.Executable)
        {
            ArgumentList = { "-f", options.ConfigFile, "-db" },
            UseShellExecute = false,

            // Output is inherited, not piped: a pipe would break (SIGPIPE) for an HAProxy that outlives this host.
            RedirectStandardOutput = false,
            RedirectStandardError = false,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{options.Executable} did not start");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException($"cannot start {options.Executable}: {ex.Message}", ex);
        }

        WritePidFile(process.Id);
        return new ChildProcess(process);
    }

    public IHaproxyProcess? TryAdopt()
    {
        if (!File.Exists(options.PidFile)
            || !int.TryParse(File.ReadAllText(options.PidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
            || pid <= 0)
        {
            return null;
        }

        // Open first, then look: the pidfd pins this very process, so the checks below cannot be fooled by pid reuse.
        PidfdProcess? process = PidfdProcess.TryOpen(pid);
        if (process is null)
        {
            return null;
        }

        if (!ProcStat.IsAlive(pid) || !string.Equals(ProcStat.Command(pid), ExpectedCommand(options.Executable), StringComparison.Ordinal))
        {
            process.Dispose();
            return null;
        }

        return process;
    }

    /// <summary>The kernel's name for the program (<c>/proc/PID/comm</c>): the file name, cut to 15 bytes.</summary>
    internal static string ExpectedCommand(string executable)
    {
        string name = Path.GetFileName(executable);
        return name.Length > 15 ? name[..15] : name;
    }

    private void WritePidFile(int pid)
    {
        string? directory = Path.GetDirectoryName(Path.GetFullPath(options.PidFile));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        string temporary = options.PidFile + ".tmp";
        File.WriteAllText(temporary, pid.ToString(CultureInfo.InvariantCulture) + "\n");
        File.Move(temporary, options.PidFile, overwrite: true);
    }
}
