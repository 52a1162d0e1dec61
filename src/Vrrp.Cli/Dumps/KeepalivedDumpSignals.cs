using System.Buffers;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Text;
using Vrrp.Hosting;
using Vrrp.Instances;
using Vrrp.Linux;

namespace Vrrp.Cli.Dumps;

/// <summary>
/// keepalived's dump signals, for monitoring that sends them: SIGUSR1 writes keepalived.data, SIGUSR2
/// keepalived.stats, and keepalived's JSON signal (SIGRTMIN+2, what <c>keepalived --signum=JSON</c> prints: 36 with
/// glibc) keepalived.json, each in <see cref="Directory"/> (keepalived's /tmp unless <c>--dump-dir</c>). Files are
/// written whole (a temporary file renamed over the old one) with mode 0600, as keepalived's umask leaves them.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class KeepalivedDumpSignals : IDisposable
{
    public const string DataFile = "keepalived.data";
    public const string StatsFile = "keepalived.stats";
    public const string JsonFile = "keepalived.json";

    /// <summary>SIGUSR1 on Linux.</summary>
    public const int DataSignal = 10;

    /// <summary>SIGUSR2 on Linux.</summary>
    public const int StatsSignal = 12;

    /// <summary>keepalived's SIGJSON, SIGRTMIN + 2 (glibc's SIGRTMIN is 34: two real-time signals are the thread library's).</summary>
    public const int JsonSignal = 36;

    private readonly Func<IReadOnlyList<VrrpInstance>> _instances;
    private readonly TimeProvider _timeProvider;
    private readonly TextWriter? _error;
    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly Lock _writing = new();

    public KeepalivedDumpSignals(string directory, Func<IReadOnlyList<VrrpInstance>> instances, TimeProvider timeProvider, TextWriter? error)
    {
        Directory = Path.GetFullPath(directory);
        _instances = instances;
        _timeProvider = timeProvider;
        _error = error;
    }

    public string Directory { get; }

    /// <summary>Listens for the three signals on behalf of a host's instances.</summary>
    public static KeepalivedDumpSignals Register(string directory, VrrpInstanceRegistry registry, TextWriter? error)
    {
        var signals = new KeepalivedDumpSignals(directory, () => Status.StatusFileWriter.Instances(registry), TimeProvider.System, error);
        signals.Listen(DataSignal, signals.WriteData);
        signals.Listen(StatsSignal, signals.WriteStats);
        signals.Listen(JsonSignal, signals.WriteJson);
        return signals;
    }

    /// <summary>Writes keepalived.data now; returns its path, or null when it could not be written.</summary>
    public string? WriteData() => Write(DataFile, output =>
    {
        using var writer = new StreamWriter(output, new UTF8Encoding(false)) { NewLine = "\n" };
        KeepalivedDataDump.Write(writer, _instances(), _timeProvider.GetUtcNow());
    });

    /// <summary>Writes keepalived.stats now.</summary>
    public string? WriteStats() => Write(StatsFile, output =>
    {
        using var writer = new StreamWriter(output, new UTF8Encoding(false)) { NewLine = "\n" };
        KeepalivedStatsDump.Write(writer, _instances());
    });

    /// <summary>Writes keepalived.json now.</summary>
    public string? WriteJson() => Write(JsonFile, output =>
    {
        var buffer = new ArrayBufferWriter<byte>();
        KeepalivedJsonDump.Write(buffer, _instances(), _timeProvider.GetUtcNow());
        output.Write(buffer.WrittenSpan);
    });

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
        {
            registration.Dispose();
        }

        _registrations.Clear();
    }

    private void Listen(int signal, Func<string?> write)
    {
        // On Unix, PosixSignalRegistration takes a raw signal number cast to PosixSignal. Cancel keeps the default
        // action (terminate, for these three) from running; the write happens off the signal-handling thread. A signal
        // inherited as ignored would get no handler at all (.NET respects ignored signals): taken back first.
        LinuxSignalDisposition.HandleEvenIfIgnored(signal);
        _registrations.Add(PosixSignalRegistration.Create((PosixSignal)signal, context =>
        {
            context.Cancel = true;
            ThreadPool.QueueUserWorkItem(_ => write());
        }));
    }

    private string? Write(string name, Action<Stream> content)
    {
        string path = Path.Combine(Directory, name);
        // A fresh random name created exclusively (O_EXCL does not follow a symlink planted in /tmp), renamed over the
        // old file (rename replaces a symlink, never its target).
        string temporary = $"{path}.{Path.GetRandomFileName()}.tmp";
        lock (_writing)
        {
            try
            {
                var options = new FileStreamOptions
                {
                    Mode = FileMode.CreateNew,
                    Access = FileAccess.Write,
                    UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                };
                using (var stream = new FileStream(temporary, options))
                {
                    content(stream);
                }

                File.Move(temporary, path, overwrite: true);
                return path;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _error?.WriteLine($"vrrp run: cannot write {path}: {ex.Message}");
                return null;
            }
        }
    }
}
