using System.Collections.Concurrent;

namespace Vrrp.Tests.Simulation;

/// <summary>
/// Property runs over thousands of seeded random scenarios. A failure prints its seed; replay one with
/// <c>VRRP_SIM_SEED=1234 dotnet test tests/Vrrp.Tests --filter-method "*Replay*"</c>, which prints its
/// full trace. <c>VRRP_SIM_SCENARIOS</c> changes how many seeds run (default 2000 chaos, 1000 crash scenarios).
/// </summary>
public sealed class SimulatedLanPropertyTests
{
    private const int FirstSeed = 1;

    private static int Scenarios(int defaultCount) =>
        int.TryParse(Environment.GetEnvironmentVariable("VRRP_SIM_SCENARIOS"), CultureInfo.InvariantCulture, out int n) && n > 0 ? n : defaultCount;

    [Fact]
    public void Chaos_ThousandsOfSeeds_OneElectedMasterAfterFaultsStopAndNoLongDualMaster()
    {
        int count = Scenarios(2000);
        var failures = new ConcurrentBag<string>();
        var stopwatch = Stopwatch.StartNew();

        Parallel.For(FirstSeed, FirstSeed + count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, seed =>
        {
            ChaosScenario scenario = ChaosScenario.Run(seed);
            if (scenario.Failures.Count > 0)
            {
                failures.Add($"seed {seed} ({scenario.Describe()}): {scenario.Failures[0]}");
            }
        });

        TestContext.Current.SendDiagnosticMessage($"{count} chaos scenarios in {stopwatch.Elapsed.TotalSeconds:0.0} s");
        failures.Should().BeEmpty(
            "every scenario must satisfy the invariants; replay a seed with VRRP_SIM_SEED=<seed> and the Replay test. First failures:\n{0}",
            string.Join("\n", failures.OrderBy(f => f, StringComparer.Ordinal).Take(5)));
    }

    [Fact]
    public void MasterCrash_ThousandSeeds_TakenOverExactlyMasterDownIntervalAfterTheLastAdvert()
    {
        int count = Scenarios(1000);
        var failures = new ConcurrentBag<string>();

        Parallel.For(FirstSeed, FirstSeed + count, seed =>
        {
            string? failure;
            try
            {
                failure = RunCrashScenario(seed);
            }
            catch (InvalidOperationException ex)
            {
                failure = ex.Message;
            }

            if (failure is not null)
            {
                failures.Add($"seed {seed}: {failure}");
            }
        });

        failures.Should().BeEmpty("a crashed master is replaced after Master_Down_Interval, to the tick. First failures:\n{0}", string.Join("\n", failures.Take(5)));
    }

    [Fact]
    public void Replay_SeedFromEnvironment_PrintsTraceAndHasNoFailures()
    {
        // VRRP_SIM_SEED=<seed> replays the scenario a failing property run printed; without it, a fixed seed keeps the
        // replay path itself tested.
        string? text = Environment.GetEnvironmentVariable("VRRP_SIM_SEED");
        if (!int.TryParse(text, CultureInfo.InvariantCulture, out int seed))
        {
            seed = 1;
        }

        ChaosScenario scenario = ChaosScenario.Run(seed, trace: true);
        TestContext.Current.TestOutputHelper?.WriteLine(scenario.Describe());
        foreach (string line in scenario.Lan.Trace)
        {
            TestContext.Current.TestOutputHelper?.WriteLine(line);
        }

        foreach (SimulatedNode node in scenario.Lan.Nodes)
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"{node}: {(node.IsRunning ? node.Instance.Explain() : "down")}");
        }

        scenario.Failures.Should().BeEmpty();
    }

    [Fact]
    public void Chaos_SameSeed_SameOutcome()
    {
        ChaosScenario first = ChaosScenario.Run(424242, trace: true);
        ChaosScenario second = ChaosScenario.Run(424242, trace: true);

        second.Lan.Trace.Should().Equal(first.Lan.Trace);
        first.Lan.Trace.Should().NotBeEmpty();
    }

    private static string? RunCrashScenario(int seed)
    {
        var lan = new SimulatedLan(seed) { StepLimit = 20_000 };
        Random random = lan.Random;
        int count = random.Next(2, 6);
        int centiseconds = new[] { 10, 50, 100, 300 }[random.Next(4)];
        TimeSpan interval = TimeSpan.FromMilliseconds(centiseconds * 10);
        lan.MaxDelay = TimeSpan.FromTicks(interval.Ticks / 10);
        var priorities = new HashSet<int>();
        for (int i = 0; i < count; i++)
        {
            int priority;
            do
            {
                priority = random.Next(1, 255);
            }
            while (!priorities.Add(priority));

            lan.AddNode(new VrrpInstanceSettings
            {
                Name = "VI_1",
                VirtualRouterId = 9,
                Priority = (byte)priority,
                AdvertInterval = interval,
                PrimaryAddress = IPAddress.Parse($"10.1.0.{i + 1}"),
                VirtualAddresses = [VrrpVirtualAddress.Parse("10.1.0.200")],
            });
        }

        lan.StartAll();
        lan.RunFor(TimeSpan.FromTicks((10 * interval.Ticks) + (long)(random.NextDouble() * interval.Ticks)));
        if (lan.Masters.Count != 1)
        {
            return $"{lan.Masters.Count} masters before the crash";
        }

        SimulatedNode master = lan.Masters[0];
        TimeSpan crashedAt = lan.Now;
        master.Crash();
        List<SimulatedNode> backups = lan.Nodes.Where(n => n.IsRunning).ToList();

        lan.RunFor(VrrpTimers.MasterDownInterval(VrrpVersion.V3, 1, interval) + interval);

        // Advertisements already in flight when the master died still arrive, so the deadlines count from the last delivery.
        var deadlines = backups.ToDictionary(
            b => b,
            b => lan.LastDelivery(master, b)!.Value + VrrpTimers.MasterDownInterval(VrrpVersion.V3, b.Settings.Priority, interval));
        TimeSpan expected = deadlines.Values.Min();

        SimulatedTransition? takeover = lan.Transitions.FirstOrDefault(t => t.At >= crashedAt && t.To == VrrpState.Master);
        if (takeover is null)
        {
            return "nobody took over";
        }

        if (takeover.At != expected || deadlines[takeover.Node] != expected)
        {
            return $"{takeover.Node} took over at {takeover.At.TotalMilliseconds} ms; expected {expected.TotalMilliseconds} ms (last advert + Master_Down_Interval)";
        }

        SimulatedNode best = backups.MaxBy(b => b.Settings.Priority)!;
        if (lan.Masters.Count != 1 || lan.Masters[0] != best)
        {
            return $"after the takeover the masters are {string.Join(",", lan.Masters)}; expected {best}";
        }

        if (backups.Any(b => b.Instance.GetStatus().TimerLateness.Max != TimeSpan.Zero))
        {
            return "a timer fired late on the simulated clock";
        }

        return null;
    }
}
