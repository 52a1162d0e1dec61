using Vrrp.Hosting.Platform;
using Vrrp.Instances;
using Vrrp.Packets;
using Vrrp.Platform;
using Vrrp.Testing;

namespace Vrrp.TestSupport.Hosting;

/// <summary>
/// An in-memory LAN for hosted instances: each node is an <see cref="IVrrpPlatform"/> whose runners are
/// <see cref="InProcessVrrpInstanceRunner"/>s with a <see cref="RecordingVipBinder"/>; advertisements are delivered at
/// once, as encoded bytes, to every other instance with the same VRID. Tracked interfaces are set with <see cref="Node.SetInterface"/>.
/// </summary>
internal sealed class LoopbackLan
{
    private readonly List<(IPAddress Address, VrrpInstance Instance)> _instances = [];
    private readonly Lock _lock = new();

    public LoopbackLan(TimeProvider clock) => Clock = clock;

    public TimeProvider Clock { get; }

    public Node AddNode(IPAddress address) => new(this, address);

    /// <summary>Gets or sets whether the LAN is split: every node on a side of its own, nothing delivered.</summary>
    public bool Split { get; set; }

    private void Deliver(IPAddress from, byte vrid, ReadOnlySpan<byte> message, VrrpAddress destination)
    {
        if (Split)
        {
            return;
        }

        List<VrrpInstance> receivers = [];
        lock (_lock)
        {
            foreach ((IPAddress address, VrrpInstance instance) in _instances)
            {
                if (!address.Equals(from) && instance.Settings.VirtualRouterId == vrid)
                {
                    receivers.Add(instance);
                }
            }
        }

        Span<byte> source = stackalloc byte[4];
        from.TryWriteBytes(source, out _);
        Span<byte> group = stackalloc byte[16];
        int groupLength = destination.WriteBytes(group);
        foreach (VrrpInstance receiver in receivers)
        {
            var ip = new VrrpIpContext(System.Net.Sockets.AddressFamily.InterNetwork, source, group[..groupLength], VrrpPacketReader.RequiredTtl);
            receiver.ReceiveAdvertisement(message, ip);
        }
    }

    internal sealed class Node(LoopbackLan lan, IPAddress address) : IVrrpPlatform, IVrrpTransport
    {
        private readonly Dictionary<string, bool> _interfaces = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Task> _creationGates = new(StringComparer.Ordinal);
        private Action<string, bool>? _report;
        private int _runnersCreated;

        public IPAddress Address { get; } = address;

        public RecordingVipBinder Binder { get; } = new(lan.Clock);

        /// <summary>Gets the scheduling the host applied (once, at start), or null.</summary>
        public VrrpSchedulingSettings? Scheduling { get; private set; }

        /// <summary>Gets how many times the host applied scheduling settings.</summary>
        public int SchedulingApplied { get; private set; }

        /// <summary>Gets how many runners this node created (a reload that keeps an instance creates none).</summary>
        public int RunnersCreated => Volatile.Read(ref _runnersCreated);

        /// <summary>
        /// Makes the runner of <paramref name="instanceName"/> create its instance only inside RunAsync, once the
        /// returned source completes, as the Linux runner does while it waits for its interface.
        /// </summary>
        public TaskCompletionSource HoldCreation(string instanceName)
        {
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _creationGates[instanceName] = gate.Task;
            return gate;
        }

        public void ApplyScheduling(VrrpSchedulingSettings scheduling, ILogger logger)
        {
            Scheduling = scheduling;
            SchedulingApplied++;
        }

        public IVrrpInstanceRunner CreateRunner(VrrpInstanceSettings settings, VrrpAnnouncementSettings announcement, ILogger logger)
        {
            Interlocked.Increment(ref _runnersCreated);
            if (_creationGates.TryGetValue(settings.Name, out Task? gate))
            {
                return new DeferredRunner(() => CreateRunnerNow(settings), gate);
            }

            return CreateRunnerNow(settings);
        }

        public IVrrpInstanceRunner CreateRunner(VrrpInstanceSettings settings, VrrpAnnouncementSettings announcement, Func<IVipBinder, IVipBinder> binder, ILogger logger)
        {
            Interlocked.Increment(ref _runnersCreated);
            return CreateRunnerNow(settings, binder(Binder));
        }

        private InProcessVrrpInstanceRunner CreateRunnerNow(VrrpInstanceSettings settings, IVipBinder? binder = null)
        {
            var runner = new InProcessVrrpInstanceRunner(settings with { PrimaryAddress = Address }, this, binder ?? Binder, lan.Clock);
            lock (lan._lock)
            {
                lan._instances.Add((Address, runner.Instance!));
            }

            return runner;
        }

        public async Task WatchInterfacesAsync(IReadOnlyCollection<string> interfaceNames, Action<string, bool> report, CancellationToken cancellationToken)
        {
            lock (_interfaces)
            {
                _report = report;
                foreach (string name in interfaceNames)
                {
                    report(name, !_interfaces.TryGetValue(name, out bool up) || up);
                }
            }

            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }

        public void SetInterface(string name, bool up)
        {
            lock (_interfaces)
            {
                _interfaces[name] = up;
                _report?.Invoke(name, up);
            }
        }

        public ValueTask SendAsync(VrrpInstanceSettings instance, ReadOnlyMemory<byte> message, VrrpAddress destination, CancellationToken cancellationToken)
        {
            lan.Deliver(Address, instance.VirtualRouterId, message.Span, destination);
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>A runner that creates its instance inside <see cref="RunAsync"/>, after a gate opens.</summary>
    private sealed class DeferredRunner(Func<InProcessVrrpInstanceRunner> create, Task gate) : IVrrpInstanceRunner
    {
        public event EventHandler<VrrpStateChangedEventArgs>? StateChanged;

        public VrrpInstance? Instance { get; private set; }

        public async Task RunAsync(CancellationToken stoppingToken)
        {
            await gate.WaitAsync(stoppingToken);
            InProcessVrrpInstanceRunner inner = create();
            inner.StateChanged += (_, e) => StateChanged?.Invoke(this, e);
            Instance = inner.Instance;
            await inner.RunAsync(stoppingToken);
        }
    }
}
