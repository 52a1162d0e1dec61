using System.Text.Json;
using Vrrp.Hosting;
using Vrrp.Hosting.Binding;
using Vrrp.Hosting.Control;
using Vrrp.Instances;
using Vrrp.Packets;

namespace Vrrp.Cli.Status;

/// <summary>
/// Writes the status file of <c>vrrp run</c> atomically (a temporary file renamed over the old one, so a reader never
/// sees half a file) on every state change and every <see cref="RefreshInterval"/>.
/// </summary>
/// <param name="path">The status file; kept as a full path.</param>
/// <param name="instances">The instances to write, asked on every write.</param>
/// <param name="timeProvider">The clock of the refresh timer and the written timestamps.</param>
/// <param name="refreshInterval">How often the file is written again without a state change.</param>
/// <param name="error">Where write failures are reported, or <see langword="null"/>.</param>
internal sealed class StatusFileWriter(string path, Func<IReadOnlyList<VrrpInstance>> instances, TimeProvider timeProvider, TimeSpan refreshInterval, TextWriter? error)
    : IDisposable
{
    /// <summary>The default path of the status file.</summary>
    public const string DefaultPath = "/run/vrrp/status.json";

    /// <summary>The <c>--status-file</c> value that disables the file.</summary>
    public const string Disabled = "none";

    /// <summary>The default refresh interval; <c>vrrp status</c> calls a file older than three of its intervals stale.</summary>
    public static readonly TimeSpan DefaultRefreshInterval = TimeSpan.FromSeconds(5);

    private readonly Func<IReadOnlyList<VrrpInstance>> _instances = instances;
    private Func<string, VrrpBindingStatus?>? _bindings;
    private readonly TimeProvider _timeProvider = timeProvider;
    private readonly TextWriter? _error = error;
    // Two locks: a state change (on an instance's input loop, maybe the timer thread of every instance) only touches
    // the timer, and must never wait behind a write, which serializes every instance (milliseconds with a thousand).
    private readonly Lock _lock = new();
    private readonly Lock _timerLock = new();
    private int _writeRequested;
    private ITimer? _timer;
    private string? _lastFailure;
    private bool _disposed;

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public TimeSpan RefreshInterval { get; } = refreshInterval;

    /// <summary>Gets or sets where the last reload comes from, or null for none.</summary>
    public Func<VrrpReloadResult?>? LastReload { get; set; }

    /// <summary>Creates a writer for every instance of a host, written again on each of their state changes.</summary>
    public static StatusFileWriter ForRegistry(VrrpInstanceRegistry registry, string path, TimeProvider timeProvider, TimeSpan refreshInterval, TextWriter? error, VrrpHostController? controller = null)
    {
        var writer = new StatusFileWriter(path, () => Instances(registry), timeProvider, refreshInterval, error) { _bindings = registry.GetBinding };
        registry.StateChanged += (_, _) => writer.RequestWrite();
        registry.BindingChanged += (_, _) => writer.RequestWrite();
        if (controller is not null)
        {
            // A reload adds and removes instances, and a failed one must show at once.
            writer.LastReload = () => controller.LastReload;
            controller.Reloaded += (_, _) => writer.RequestWrite();
        }

        return writer;
    }

    /// <summary>Builds the snapshot of some instances.</summary>
    /// <param name="instances">The instances.</param>
    /// <param name="now">The time written.</param>
    /// <param name="refreshInterval">The refresh interval written.</param>
    /// <param name="bindings">Finds an instance's VIP command status by name, or null.</param>
    public static StatusSnapshot Capture(IReadOnlyList<VrrpInstance> instances, DateTimeOffset now, TimeSpan refreshInterval, Func<string, VrrpBindingStatus?>? bindings = null)
    {
        var entries = new List<InstanceStatusSnapshot>(instances.Count);
        foreach (VrrpInstance instance in instances)
        {
            entries.Add(Capture(instance, now) with { Binding = BindingStatusSnapshot.From(bindings?.Invoke(instance.Name)) });
        }

        return new StatusSnapshot
        {
            WrittenAt = now,
            RefreshIntervalSeconds = refreshInterval.TotalSeconds,
            ProcessId = Environment.ProcessId,
            Instances = entries,
        };
    }

    /// <summary>Writes at once and then every <see cref="RefreshInterval"/>.</summary>
    public void Start()
    {
        lock (_timerLock)
        {
            if (!_disposed)
            {
                _timer ??= _timeProvider.CreateTimer(_ => Write(), null, TimeSpan.Zero, RefreshInterval);
            }
        }
    }

    /// <summary>Writes soon, off the caller's thread (state changes are raised on an instance's input loop).</summary>
    public void RequestWrite()
    {
        // A burst of state changes (a takeover of many instances) asks once until the write starts.
        if (Interlocked.Exchange(ref _writeRequested, 1) != 0)
        {
            return;
        }

        lock (_timerLock)
        {
            _timer?.Change(TimeSpan.Zero, RefreshInterval);
        }
    }

    /// <summary>Writes the file now; a failure is reported once on the error writer and retried on the next refresh.</summary>
    /// <returns>Whether the file was written.</returns>
    public bool Write()
    {
        lock (_lock)
        {
            Volatile.Write(ref _writeRequested, 0);
            string temporary = $"{Path}.{Environment.ProcessId}.tmp";
            try
            {
                StatusSnapshot snapshot = Capture(_instances(), _timeProvider.GetUtcNow(), RefreshInterval, _bindings) with { LastReload = ReloadStatusSnapshot.From(LastReload?.Invoke()) };
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
                using (FileStream stream = File.Create(temporary))
                {
                    JsonSerializer.Serialize(stream, snapshot, StatusJson.Snapshot);
                }

                File.Move(temporary, Path, overwrite: true);
                _lastFailure = null;
                return true;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                if (ex.Message != _lastFailure)
                {
                    _lastFailure = ex.Message;
                    _error?.WriteLine($"vrrp run: status file {Path}: {ex.Message}");
                }

                return false;
            }
        }
    }

    /// <summary>Stops refreshing and writes a last snapshot (the stopped states), which then ages into "stale".</summary>
    public void Dispose()
    {
        bool started;
        lock (_timerLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            started = _timer is not null;
            _timer?.Dispose();
            _timer = null;
        }

        if (started)
        {
            Write();
        }
    }

    /// <summary>Returns the instances of a host that exist now, in configuration order.</summary>
    internal static List<VrrpInstance> Instances(VrrpInstanceRegistry registry)
    {
        var instances = new List<VrrpInstance>();
        foreach (string name in registry.Names)
        {
            if (registry.Find(name) is { } instance)
            {
                instances.Add(instance);
            }
        }

        return instances;
    }

    private static InstanceStatusSnapshot Capture(VrrpInstance instance, DateTimeOffset now)
    {
        VrrpInstanceStatus status = instance.GetStatus();
        var drops = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (KeyValuePair<VrrpDropReason, long> drop in status.Counters.Drops)
        {
            drops[JsonNamingPolicy.SnakeCaseLower.ConvertName(drop.Key.ToString())] = drop.Value;
        }

        foreach (KeyValuePair<VrrpPacketError, long> error in status.Counters.PacketErrors)
        {
            drops["packet_" + JsonNamingPolicy.SnakeCaseLower.ConvertName(error.Key.ToString())] = error.Value;
        }

        return new InstanceStatusSnapshot
        {
            Name = status.Name,
            VirtualRouterId = instance.Settings.VirtualRouterId,
            State = JsonNamingPolicy.SnakeCaseLower.ConvertName(status.State.ToString()),
            Reason = status.Reason.ToString(),
            Maintenance = status.InMaintenance,
            Since = now - status.TimeInState,
            MasterAddress = status.MasterAddress?.ToString(),
            MasterPriority = status.MasterPriority,
            BasePriority = status.BasePriority,
            EffectivePriority = status.EffectivePriority,
            Explanation = status.Explanation,
            OwnsVirtualAddresses = status.OwnsVirtualAddresses,
            LinkUp = status.IsLinkUp,
            Counters = status.Counters,
            Drops = drops,
            TimerLateness = status.TimerLateness,
            LastError = status.LastError,
        };
    }
}
