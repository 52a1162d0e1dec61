
namespace Vrrp.Tests.StateMachine;

/// <summary>Drives a <see cref="VrrpStateMachine"/> with a microsecond clock and records effects.</summary>
internal sealed class MachineHarness
{
    public static readonly VrrpAddress Local = VrrpAddress.FromIPAddress(IPAddress.Parse("10.0.0.5"));
    public static readonly VrrpAddress HigherAddress = VrrpAddress.FromIPAddress(IPAddress.Parse("10.0.0.9"));
    public static readonly VrrpAddress LowerAddress = VrrpAddress.FromIPAddress(IPAddress.Parse("10.0.0.3"));

    private readonly VrrpEffect[] _buffer = new VrrpEffect[VrrpStateMachine.MaxEffectsPerStep];

    public MachineHarness(
        byte priority = 100,
        VrrpVersion version = VrrpVersion.V3,
        int advertIntervalCentiseconds = 100,
        bool preempt = true,
        TimeSpan preemptDelay = default,
        bool lowerPriorityNoAdvert = false,
        bool startAsMaster = false,
        bool? higherPrioritySendAdvert = null)
    {
        Machine = new VrrpStateMachine(new VrrpStateMachineConfig
        {
            Version = version,
            Priority = priority,
            AdvertisementIntervalMicroseconds = advertIntervalCentiseconds * 10_000L,
            PrimaryAddress = Local,
            Preempt = preempt,
            PreemptDelayMicroseconds = VrrpTimers.ToMicroseconds(preemptDelay),
            LowerPriorityNoAdvert = lowerPriorityNoAdvert,
            StartAsMaster = startAsMaster,
            HigherPrioritySendAdvert = higherPrioritySendAdvert ?? !lowerPriorityNoAdvert,
            TimestampFrequency = 1_000_000,
        });
        AdvertIntervalCentiseconds = advertIntervalCentiseconds;
        Version = version;
    }

    public VrrpStateMachine Machine { get; }

    public int AdvertIntervalCentiseconds { get; }

    public VrrpVersion Version { get; }

    /// <summary>Gets or sets the clock, in microseconds.</summary>
    public long Now { get; set; } = 1_000_000;

    public List<VrrpEffect> Step(in VrrpInput input)
    {
        int count = Machine.Step(input, Now, _buffer);
        return new List<VrrpEffect>(_buffer.AsSpan(0, count).ToArray());
    }

    public List<VrrpEffect> Start() => Step(VrrpInput.Start());

    public List<VrrpEffect> Receive(byte priority, VrrpAddress source, int? intervalCentiseconds = null) =>
        Step(VrrpInput.AdvertisementReceived(Advert(priority, intervalCentiseconds ?? AdvertIntervalCentiseconds), source));

    public VrrpAdvertisement Advert(byte priority, int intervalCentiseconds) => new()
    {
        Version = Version,
        VirtualRouterId = 1,
        Priority = priority,
        AdvertIntervalCentiseconds = (ushort)intervalCentiseconds,
        AddressCount = 1,
    };

    /// <summary>Moves the clock to the armed timer's deadline and fires it.</summary>
    public List<VrrpEffect> FireTimer()
    {
        Now = Machine.TimerDue;
        return Step(VrrpInput.TimerFired(Machine.TimerKind));
    }

    /// <summary>Starts a backup and lets its Master_Down_Timer expire so that it becomes master.</summary>
    /// <summary>Starts the machine (<see cref="Start"/>) and returns the harness, for one-line arranges.</summary>
    public MachineHarness Started()
    {
        Start();
        return this;
    }

    /// <summary>Starts the machine as master (<see cref="StartAsMaster"/>) and returns the harness, for one-line arranges.</summary>
    public MachineHarness StartedAsMaster()
    {
        StartAsMaster();
        return this;
    }

    public void StartAsMaster()
    {
        Start();
        if (Machine.State == VrrpState.Backup)
        {
            FireTimer();
        }
    }
}
