using System.Net;
using BenchmarkDotNet.Attributes;
using Vrrp.Testing;

namespace Vrrp.Benchmarks.StateMachine;

/// <summary>
/// 1,000 instances (250 VRIDs with four routers each, priorities 200/150/100/50, 100 ms adverts) on one
/// FakeTimeProvider: the cost of one simulated second on the simulated LAN, real encoding and decoding included.
/// </summary>
[MemoryDiagnoser]
public class ThousandInstancesBenchmarks
{
    private SimulatedLan _lan = null!;

    [Params(1000)]
    public int Instances { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _lan = new SimulatedLan(seed: 1) { MaxDelay = TimeSpan.FromMilliseconds(1) };
        for (int i = 0; i < Instances; i++)
        {
            int vrid = (i % 250) + 1;
            int rank = i / 250 % 4;
            _lan.AddNode(new VrrpInstanceSettings
            {
                Name = $"VI_{vrid}",
                VirtualRouterId = (byte)vrid,
                Priority = (byte)(200 - (50 * rank)),
                AdvertInterval = TimeSpan.FromMilliseconds(100),
                PrimaryAddress = IPAddress.Parse($"10.{i / 250}.{i % 250}.1"),
                VirtualAddresses = [VrrpVirtualAddress.Parse($"10.200.{vrid}.1")],
            });
        }

        _lan.StartAll();
        _lan.RunFor(TimeSpan.FromSeconds(1));
    }

    /// <summary>One simulated second: 2,500 advertisements sent, 7,500 delivered and decoded, and the timer events.</summary>
    [Benchmark]
    public long OneSimulatedSecond()
    {
        _lan.RunFor(TimeSpan.FromSeconds(1));
        return _lan.Delivered;
    }
}
