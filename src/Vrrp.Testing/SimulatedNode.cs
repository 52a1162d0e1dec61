using Vrrp.Instances;
using Vrrp.StateMachine;

namespace Vrrp.Testing;

/// <summary>
/// One router on a <see cref="SimulatedLan"/>: a <see cref="VrrpInstance"/> with a simulated transport and a
/// <see cref="RecordingVipBinder"/>. It can be started, stopped gracefully, crashed and restarted (a restart builds a
/// fresh instance with the same settings, as a rebooted host would).
/// </summary>
public sealed class SimulatedNode
{
    private readonly SimulatedLan _lan;
    private readonly SimulatedTransport _transport;
    private SimulatedClock _clock = null!;

    internal SimulatedNode(SimulatedLan lan, VrrpInstanceSettings settings)
    {
        _lan = lan;
        Settings = settings;
        Address = VrrpAddress.FromIPAddress(settings.PrimaryAddress);
        Name = $"{settings.Name}@{settings.PrimaryAddress}";
        Binder = new RecordingVipBinder(lan.Clock);
        _transport = new SimulatedTransport(lan, this);
        Instance = CreateInstance();
    }

    /// <summary>Gets the node's name: <c>instance@primary-address</c>.</summary>
    public string Name { get; }

    /// <summary>Gets the instance's settings.</summary>
    public VrrpInstanceSettings Settings { get; }

    /// <summary>Gets the primary address.</summary>
    public VrrpAddress Address { get; }

    /// <summary>Gets the current instance (a new one after each <see cref="Restart"/>).</summary>
    public VrrpInstance Instance { get; private set; }

    /// <summary>Gets the binder that records this node's address bindings and announcements.</summary>
    public RecordingVipBinder Binder { get; }

    /// <summary>Gets whether the node is up (started and neither stopped nor crashed).</summary>
    public bool IsRunning { get; private set; }

    /// <summary>Gets the node's state; <see cref="VrrpState.Stopped"/> while crashed.</summary>
    public VrrpState State => IsRunning ? Instance.State : VrrpState.Stopped;

    /// <summary>Gets whether the node holds the virtual addresses (bound and running).</summary>
    public bool HoldsVirtualAddresses => IsRunning && Binder.IsBound(Settings.Name);

    /// <summary>Starts the node's instance.</summary>
    /// <exception cref="InvalidOperationException">The node is already running.</exception>
    public void Start()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"{Name} is already running.");
        }

        IsRunning = true;
        _lan.Record($"{Name}: start");
        RunSynchronously(Instance.StartAsync());
    }

    /// <summary>Stops the node gracefully: a master advertises priority 0 and releases its addresses.</summary>
    public void Stop()
    {
        if (!IsRunning)
        {
            return;
        }

        _lan.Record($"{Name}: stop");
        RunSynchronously(Instance.StopAsync());
        IsRunning = false;
        Instance = CreateInstance();
    }

    /// <summary>
    /// Crashes the node: it stops at once without a priority-0 advertisement, like a host losing power. Its addresses
    /// die with it (the binder forgets them). Advertisements in flight to it are lost.
    /// </summary>
    public void Crash()
    {
        if (!IsRunning)
        {
            return;
        }

        _lan.Record($"{Name}: crash");

        // Its timers stop for good and the LAN delivers nothing more to it: the old instance never runs again.
        _clock.Stop();
        Binder.Forget(Settings.Name);
        IsRunning = false;
        Instance = CreateInstance();
    }

    /// <summary>Starts a fresh instance after <see cref="Crash"/> or <see cref="Stop"/>.</summary>
    public void Restart()
    {
        if (IsRunning)
        {
            Crash();
        }

        Start();
    }

    /// <summary>Reports a tracked item's result to the running instance (see <see cref="VrrpInstance.ReportTrackedItem"/>).</summary>
    /// <param name="name">The tracked item's name.</param>
    /// <param name="healthy">The result.</param>
    public void ReportTrackedItem(string name, bool healthy)
    {
        if (IsRunning)
        {
            _lan.Record($"{Name}: {name} {(healthy ? "healthy" : "failing")}");
            Instance.ReportTrackedItem(name, healthy);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Name;

    /// <summary>Gets the timestamp at which the instance's timer is due, or null (for the LAN's scheduler).</summary>
    internal long? NextTimerDue => _clock.NextDue;

    private static void RunSynchronously(Task task)
    {
        // Everything on a simulated LAN runs on the caller's thread; a task still running here would be a bug.
        if (!task.IsCompleted)
        {
            throw new InvalidOperationException("A simulated instance did not complete synchronously.");
        }

        task.GetAwaiter().GetResult();
    }

    private VrrpInstance CreateInstance()
    {
        _clock = new SimulatedClock(_lan.Clock);
        var instance = new VrrpInstance(Settings, _transport, Binder, _clock);
        instance.StateChanged += (_, e) => _lan.OnStateChanged(this, e);
        return instance;
    }
}
