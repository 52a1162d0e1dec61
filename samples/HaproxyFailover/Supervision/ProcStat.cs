using System.Globalization;

namespace HaproxyFailover.Supervision;

/// <summary>Reads a process's name and state from <c>/proc/PID</c>.</summary>
internal static class ProcStat
{
    /// <summary>True when the process exists and has not ended: a zombie (state Z) or a dead task (X) has ended.</summary>
    public static bool IsAlive(int pid) => State(pid) is { } state && state is not 'Z' and not 'X';

    /// <summary>The state letter of <c>/proc/PID/stat</c> (R, S, D, T, Z, ...), or null when there is no such process.</summary>
    public static char? State(int pid)
    {
        string? stat = Read(pid, "stat");

        // "pid (comm) S ...": the name may hold spaces and parentheses, so the state follows the last ')'.
        int close = stat?.LastIndexOf(')') ?? -1;
        return close >= 0 && close + 2 < stat!.Length ? stat[close + 2] : null;
    }

    /// <summary>The process's <c>comm</c>, or null when there is no such process.</summary>
    public static string? Command(int pid) => Read(pid, "comm")?.TrimEnd('\n');

    private static string? Read(int pid, string file)
    {
        try
        {
            return File.ReadAllText(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/{file}"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
