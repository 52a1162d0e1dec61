using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Vrrp.Config.Options;

namespace Vrrp.Hosting.Tracking;

/// <summary>
/// Watches one <c>track_file</c> and reports its value whenever it changes. A <see cref="FileSystemWatcher"/> (inotify
/// on Linux, as keepalived uses) on the file's directory makes a write show at once; the file is also read again every
/// <see cref="BackstopInterval"/>, which covers what a watcher can miss (an event queue overflow, a directory created
/// later, file systems without inotify such as NFS). A missing file reads as 0, as in keepalived.
/// keepalived reads on close-after-write, which <see cref="FileSystemWatcher"/> does not report: a rewrite shows as a
/// truncation then a write, so watcher events are coalesced and the file read <see cref="SettleTime"/> after the last
/// one; otherwise the empty file between the two would flash a 0.
/// </summary>
internal sealed class FileTracker : IDisposable
{
    /// <summary>How often the file is read even without a watcher event.</summary>
    public static readonly TimeSpan BackstopInterval = TimeSpan.FromSeconds(5);

    /// <summary>How long the file must be quiet after a watcher event before it is read.</summary>
    public static readonly TimeSpan SettleTime = TimeSpan.FromMilliseconds(50);

    private readonly VrrpTrackFileOptions _options;
    private readonly Action<long> _report;
    private readonly ILogger _logger;
    private readonly ITimer _timer;

    // File system events happen in real time, whatever clock the host runs on.
    private readonly Timer _settle;
    private readonly Lock _lock = new();
    private FileSystemWatcher? _watcher;
    private long? _value;
    private bool _disposed;

    public FileTracker(string name, VrrpTrackFileOptions options, TimeProvider timeProvider, ILogger logger, Action<long> report)
    {
        Name = name;
        _options = options;
        Path = System.IO.Path.GetFullPath(options.File);
        _report = report;
        _logger = logger;
        _timer = timeProvider.CreateTimer(static state => ((FileTracker)state!).Read(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _settle = new Timer(static state => ((FileTracker)state!).Read(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public string Name { get; }

    public string Path { get; }

    /// <summary>Gets the last value read, or <see langword="null"/> before the first read.</summary>
    public long? Value
    {
        get
        {
            lock (_lock)
            {
                return _value;
            }
        }
    }

    /// <summary>Writes <c>init_file</c>'s value when asked to, reads the file and starts watching it.</summary>
    public void Start()
    {
        WriteInitialValue();
        Read();
        string? directory = System.IO.Path.GetDirectoryName(Path);
        if (directory is not null && Directory.Exists(directory))
        {
            try
            {
                var watcher = new FileSystemWatcher(directory, System.IO.Path.GetFileName(Path))
                {
                    NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
                };
                watcher.Changed += (_, _) => ReadSoon();
                watcher.Created += (_, _) => ReadSoon();
                watcher.Deleted += (_, _) => ReadSoon();
                watcher.Renamed += (_, _) => ReadSoon();
                watcher.Error += (_, e) => _logger.TrackFileProblem(Name, Path, "watcher: " + e.GetException().Message + "; reading every " + BackstopInterval.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s");
                watcher.EnableRaisingEvents = true;
                _watcher = watcher;
            }
            catch (Exception ex) when (ex is IOException or ArgumentException or PlatformNotSupportedException)
            {
                _logger.TrackFileProblem(Name, Path, "cannot watch it (" + ex.Message + "); reading it every " + BackstopInterval.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s");
            }
        }

        _timer.Change(BackstopInterval, BackstopInterval);
    }

    /// <summary>Reads the file and reports its value when it changed (or on the first read).</summary>
    public void Read()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            long? read = ReadValue();
            if (read is not long value || value == _value)
            {
                return;
            }

            _value = value;
            _logger.TrackFileValue(Name, Path, value);
            _report(value);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
        }

        _watcher?.Dispose();
        _timer.Dispose();
        _settle.Dispose();
    }

    private void ReadSoon()
    {
        try
        {
            _settle.Change(SettleTime, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // An event raced with Dispose.
        }
    }

    private long? ReadValue()
    {
        Span<byte> buffer = stackalloc byte[127];
        int length;
        try
        {
            using var file = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
            length = file.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.TrackFileProblem(Name, Path, ex.Message + "; the value stays " + (_value ?? 0).ToString(CultureInfo.InvariantCulture));
            return null;
        }

        string text = Encoding.Latin1.GetString(buffer[..length]);
        long? value = TrackFileValue.Parse(text);
        if (value is null)
        {
            _logger.TrackFileProblem(Name, Path, $"`{text.Trim()}` is outside the 32-bit range; ignored");
        }

        return value;
    }

    private void WriteInitialValue()
    {
        if (_options.InitValue is not long initial || (File.Exists(Path) && !_options.InitOverwrite))
        {
            return;
        }

        try
        {
            File.WriteAllText(Path, initial.ToString(CultureInfo.InvariantCulture) + "\n");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.TrackFileProblem(Name, Path, "init_file: " + ex.Message);
        }
    }
}
