namespace Vrrp.Config;

/// <summary>
/// Finds a script's program as keepalived does (a name without <c>/</c> is searched in <c>PATH</c>) and checks it the
/// way keepalived's <c>enable_script_security</c> does: neither the file nor any directory above it may be writable by
/// group or others (a sticky directory such as /tmp is fine). Used by <c>vrrp check-config</c> and by the host before
/// it runs a script as root.
/// </summary>
public static class ScriptPrograms
{
    private const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
    private const UnixFileMode OthersWrite = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    /// <summary>Returns the full path of <paramref name="program"/>, or <see langword="null"/> when it does not exist.</summary>
    /// <param name="program">A path, or a name searched in <c>PATH</c>.</param>
    /// <returns>The full path, or <see langword="null"/>.</returns>
    public static string? Resolve(string program)
    {
        ArgumentNullException.ThrowIfNull(program);
        if (program.Length == 0)
        {
            return null;
        }

        if (program.Contains('/', StringComparison.Ordinal))
        {
            string full = Path.GetFullPath(program);
            return File.Exists(full) ? full : null;
        }

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

    /// <summary>Checks that <paramref name="program"/> exists, is executable and that only root can change it.</summary>
    /// <param name="program">A path, or a name searched in <c>PATH</c>.</param>
    /// <returns>What was found.</returns>
    public static ScriptProgramStatus Check(string program)
    {
        string? path = Resolve(program);
        if (path is null)
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

    // .NET cannot read the owner, so a file owned and writable only by a non-root user is not caught here.
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static bool IsWritableByOthers(string path, UnixFileMode fileMode)
    {
        if ((fileMode & OthersWrite) != 0)
        {
            return true;
        }

        for (string? directory = Path.GetDirectoryName(path); !string.IsNullOrEmpty(directory); directory = Path.GetDirectoryName(directory))
        {
            UnixFileMode mode = File.GetUnixFileMode(directory);
            if ((mode & OthersWrite) != 0 && (mode & UnixFileMode.StickyBit) == 0)
            {
                return true;
            }
        }

        return false;
    }
}
