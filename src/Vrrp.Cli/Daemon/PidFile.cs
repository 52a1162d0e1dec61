using System.Globalization;
using System.Text;

namespace Vrrp.Cli.Daemon;

/// <summary>
/// The pid files of a running <c>vrrp run</c>: this process's id and a newline in each (keepalived's format), written
/// before the instances start and removed on a clean exit. A file that names a live process refuses the start, as
/// keepalived's "daemon is already running"; one that names no process (or a zombie, or this process) is stale and
/// replaced. A file that is neither empty nor a pid is never overwritten.
/// </summary>
/// <remarks>
/// Liveness is read from /proc, not from a lock: keepalived holds an OFD lock and .NET's own lock (flock) would not see
/// it, while /proc sees keepalived, vrrp and anything else. Two daemons started in the same instant on one stale file can
/// both replace it; a second start against a running daemon is always refused.
/// </remarks>
internal sealed class PidFile : IDisposable
{
    private const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private readonly List<string> _paths;
    private readonly string _content;

    private PidFile(List<string> paths, int processId)
    {
        _paths = paths;
        _content = processId.ToString(CultureInfo.InvariantCulture) + "\n";
    }

    /// <summary>Gets the files written, in order, each once.</summary>
    public IReadOnlyList<string> Paths => _paths;

    /// <summary>
    /// Writes <paramref name="processId"/> to every one of <paramref name="paths"/> (the same file named twice is written
    /// once), or to none: on failure the ones already written are removed and <paramref name="problem"/> says why.
    /// </summary>
    public static PidFile? Acquire(IEnumerable<string> paths, int processId, out PidFileProblem? problem)
    {
        var held = new PidFile([], processId);
        foreach (string path in paths.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal))
        {
            problem = held.Write(path, processId);
            if (problem is not null)
            {
                held.Dispose();
                return null;
            }

            held._paths.Add(path);
        }

        problem = null;
        return held;
    }

    /// <summary>Options to write a file the way keepalived creates its pid and log files: mode 0644 (less the umask).</summary>
    public static FileStreamOptions WriteOptions(FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.ReadWrite };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = Mode;
        }

        return options;
    }

    /// <summary>Reads the pid a pid file holds: null when the file is empty, is not a pid, or cannot be read.</summary>
    public static int? ReadProcessId(string path)
    {
        try
        {
            return int.TryParse(File.ReadAllText(path).AsSpan().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && pid > 0 ? pid : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Tells whether <paramref name="processId"/> is a process that still runs: it exists and is not a zombie.</summary>
    public static bool IsRunning(int processId)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        // "pid (comm) S ...": the name may hold spaces and parentheses, the state follows the last ')'.
        int end = stat.LastIndexOf(')');
        ReadOnlySpan<char> rest = end < 0 ? default : stat.AsSpan(end + 1).TrimStart();
        return rest.Length > 0 && rest[0] is not ('Z' or 'X' or 'x');
    }

    /// <summary>Removes every file that still holds this process's pid (a file another daemon took over stays).</summary>
    public void Dispose()
    {
        foreach (string path in _paths)
        {
            try
            {
                if (File.Exists(path) && File.ReadAllText(path) == _content)
                {
                    File.Delete(path);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Leaving a stale pid file is harmless: the next start replaces it.
            }
        }

        _paths.Clear();
    }

    private PidFileProblem? Write(string path, int processId)
    {
        // Create-new (O_EXCL) never follows a link or truncates someone else's file; an existing file is judged first.
        for (int attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                if (Path.GetDirectoryName(path) is { Length: > 0 } directory)
                {
                    Directory.CreateDirectory(directory);
                }

                using var stream = new FileStream(path, WriteOptions(FileMode.CreateNew));
                stream.Write(Encoding.ASCII.GetBytes(_content));
                return null;
            }
            catch (IOException) when (File.Exists(path) || new FileInfo(path).LinkTarget is not null)
            {
                PidFileProblem? existing = Judge(path, processId);
                if (existing is not null)
                {
                    return existing;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return new PidFileProblem(path, $"cannot write the pid file: {ex.Message}", AlreadyRunning: false);
            }
        }

        return new PidFileProblem(path, "cannot write the pid file: another process keeps recreating it", AlreadyRunning: false);
    }

    /// <summary>Refuses a file that names a live process or is not a pid file; removes a stale one and returns null.</summary>
    private static PidFileProblem? Judge(string path, int processId)
    {
        string text;
        try
        {
            if (new FileInfo(path).LinkTarget is not null)
            {
                return new PidFileProblem(path, "is a symbolic link: not followed, not overwritten", AlreadyRunning: false);
            }

            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new PidFileProblem(path, $"cannot read the existing pid file: {ex.Message}", AlreadyRunning: false);
        }

        int? pid = int.TryParse(text.AsSpan().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int parsed) && parsed > 0 ? parsed : null;
        if (pid is null && text.AsSpan().Trim().Length > 0)
        {
            return new PidFileProblem(path, "exists and is not a pid file (nor empty): not overwritten", AlreadyRunning: false);
        }

        if (pid is { } other && other != processId && IsRunning(other))
        {
            return new PidFileProblem(path, $"already running: pid {other} holds this pid file", AlreadyRunning: true);
        }

        try
        {
            File.Delete(path);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new PidFileProblem(path, $"cannot replace the stale pid file: {ex.Message}", AlreadyRunning: false);
        }
    }
}
