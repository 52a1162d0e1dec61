
namespace Vrrp.Cli.Tests.Faults;

/// <summary>Reads a process's CPU time (utime + stime from /proc/PID/stat, USER_HZ = 100 on Linux).</summary>
internal static class ProcessCpu
{
    private const double TicksPerSecond = 100;

    public static TimeSpan Used(int processId)
    {
        string stat = File.ReadAllText($"/proc/{processId}/stat");

        // The command name (field 2) may hold spaces and parentheses: the fields after it start after the last ')'.
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
        long stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds((utime + stime) / TicksPerSecond);
    }
}
