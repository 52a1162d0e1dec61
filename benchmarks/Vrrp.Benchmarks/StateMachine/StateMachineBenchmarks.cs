using System.Net;
using BenchmarkDotNet.Attributes;
using Vrrp.Instances;
using Vrrp.Packets;
using Vrrp.StateMachine;

namespace Vrrp.Benchmarks.StateMachine;

/// <summary>
/// The advertisement path: one received advertisement and one Adver_Timer tick, for the pure state machine and for
/// the whole instance (wire validation, semantic checks, queue, step, effects, encoding). All must allocate 0 B.
/// </summary>
[MemoryDiagnoser]
public class StateMachineBenchmarks : IDisposable
{
    private static readonly byte[] s_peer = [10, 0, 0, 2];
    private static readonly byte[] s_group = [224, 0, 0, 18];

    private readonly VrrpEffect[] _effects = new VrrpEffect[VrrpStateMachine.MaxEffectsPerStep];
    private VrrpStateMachine _backup = null!;
    private VrrpStateMachine _master = null!;
    private VrrpInput _advert;
    private long _now;
    private VrrpInstance _backupInstance = null!;
    private VrrpInstance _masterInstance = null!;
    private BenchmarkClock _masterClock = null!;
    private byte[] _advertBytes = null!;

    [GlobalSetup]
    public void Setup()
    {
        VrrpStateMachineConfig config = new()
        {
            Version = VrrpVersion.V3,
            Priority = 100,
            AdvertisementIntervalMicroseconds = 1_000_000,
            PrimaryAddress = VrrpAddress.FromBytes([10, 0, 0, 1]),
            Preempt = true,
            TimestampFrequency = 1_000_000,
        };
        _backup = new VrrpStateMachine(config);
        _backup.Step(VrrpInput.Start(), 0, _effects);
        _master = new VrrpStateMachine(config with { Priority = 255 });
        _master.Step(VrrpInput.Start(), 0, _effects);
        _advert = VrrpInput.AdvertisementReceived(
            new VrrpAdvertisement { VirtualRouterId = 1, Priority = 200, AdvertIntervalCentiseconds = 100, AddressCount = 1 },
            VrrpAddress.FromBytes(s_peer));

        var settings = new VrrpInstanceSettings
        {
            Name = "VI_1",
            VirtualRouterId = 1,
            PrimaryAddress = IPAddress.Parse("10.0.0.1"),
            VirtualAddresses = [VrrpVirtualAddress.Parse("10.0.0.100")],
        };
        var sink = new NullTransport();
        _backupInstance = new VrrpInstance(settings, sink, sink, new BenchmarkClock());
        _backupInstance.StartAsync().GetAwaiter().GetResult();
        _masterClock = new BenchmarkClock();
        _masterInstance = new VrrpInstance(settings with { Priority = 255, AdvertInterval = TimeSpan.FromMilliseconds(10) }, sink, sink, _masterClock);
        _masterInstance.StartAsync().GetAwaiter().GetResult();

        _advertBytes = new byte[VrrpPacketWriter.GetMessageLength(VrrpVersion.V3, System.Net.Sockets.AddressFamily.InterNetwork, 1)];
        VrrpPacketWriter.TryWrite(
            _advertBytes,
            new VrrpAdvertisement { VirtualRouterId = 1, Priority = 200, AdvertIntervalCentiseconds = 100 },
            [10, 0, 0, 100],
            VrrpIpContext.IPv4(s_peer, s_group),
            out _);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _backupInstance.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _masterInstance.DisposeAsync().AsTask().GetAwaiter().GetResult();
        GC.SuppressFinalize(this);
    }

    /// <summary>Pure state machine: a backup accepts a master's advertisement and restarts Master_Down_Timer.</summary>
    [Benchmark]
    public int MachineReceivedAdvert() => _backup.Step(_advert, ++_now, _effects);

    /// <summary>Pure state machine: a master's Adver_Timer fires (send advertisement, re-arm).</summary>
    [Benchmark]
    public int MachineAdverTimerTick() => _master.Step(VrrpInput.TimerFired(VrrpTimerKind.Adver), _master.TimerDue, _effects);

    /// <summary>Whole instance: read and validate the bytes, check VRID/addresses, queue, step, execute effects.</summary>
    [Benchmark]
    public bool InstanceReceivedAdvert() => _backupInstance.ReceiveAdvertisement(_advertBytes, VrrpIpContext.IPv4(s_peer, s_group, 255));

    /// <summary>Whole instance: the timer fires, the machine steps, the advertisement is encoded and handed to the transport, the timer is re-armed.</summary>
    [Benchmark]
    public void InstanceAdverTimerTick() => _masterClock.Advance(TimeSpan.FromMilliseconds(10));
}
