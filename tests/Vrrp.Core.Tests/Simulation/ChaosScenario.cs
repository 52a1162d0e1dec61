using Vrrp.Tracking;

namespace Vrrp.Tests.Simulation;

/// <summary>
/// One seeded random scenario: a chaos phase (crashes, graceful stops, restarts, tracked-item flaps, partitions,
/// loss, duplication, delay) followed by a calm phase, with the issue's invariants checked throughout.
/// Everything derives from the seed, so a failure replays exactly.
/// </summary>
internal sealed class ChaosScenario
{
    private readonly SimulatedLan _lan;
    private readonly Dictionary<(SimulatedNode, SimulatedNode), TimeSpan> _dualMasterSince = [];
    private readonly List<string> _failures = [];
    private readonly VrrpVersion _version;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _worstMasterDown;
    private readonly bool _preempt;

    private ChaosScenario(int seed, bool trace)
    {
        _lan = new SimulatedLan(seed) { TraceEnabled = trace };
        Random random = _lan.Random;
        int count = random.Next(2, 6);
        _version = random.NextDouble() < 0.25 ? VrrpVersion.V2 : VrrpVersion.V3;
        int centiseconds = _version == VrrpVersion.V2 ? 100 : new[] { 10, 20, 50, 100 }[random.Next(4)];
        _interval = TimeSpan.FromMilliseconds(centiseconds * 10);
        _preempt = random.NextDouble() < 0.8;
        _lan.MaxDelay = TimeSpan.FromTicks(_interval.Ticks / 20);
        _lan.MinDelay = TimeSpan.FromTicks(random.Next(0, 2) * _lan.MaxDelay.Ticks / 4);

        var octets = new HashSet<int>();
        TimeSpan worst = TimeSpan.Zero;
        for (int i = 0; i < count; i++)
        {
            int octet;
            do
            {
                octet = random.Next(1, 250);
            }
            while (!octets.Add(octet));

            byte priority = random.NextDouble() < 0.1 ? (byte)255 : (byte)random.Next(1, 255);
            if (random.NextDouble() < 0.2 && i > 0)
            {
                // Ties exercise the address tie-break.
                priority = _lan.Nodes[0].Settings.Priority;
            }

            int weight = -random.Next(1, 120);
            _lan.AddNode(new VrrpInstanceSettings
            {
                Name = "VI_1",
                VirtualRouterId = 7,
                Version = _version,
                Priority = priority,
                AdvertInterval = _interval,
                Preempt = _preempt,
                PrimaryAddress = IPAddress.Parse($"192.168.1.{octet}"),
                VirtualAddresses = [VrrpVirtualAddress.Parse("192.168.1.254/24")],
                TrackedItems = [new VrrpTrackedItem { Name = "chk", Weight = weight }],
            });

            byte lowest = priority == 255 ? (byte)255 : (byte)Math.Clamp(priority + weight, 1, 254);
            TimeSpan down = VrrpTimers.MasterDownInterval(_version, lowest, _interval);
            worst = down > worst ? down : worst;
        }

        _worstMasterDown = worst;
        _lan.Stepped += (_, _) => CheckNoLongDualMaster();
    }

    public SimulatedLan Lan => _lan;

    public IReadOnlyList<string> Failures => _failures;

    public static ChaosScenario Run(int seed, bool trace = false)
    {
        var scenario = new ChaosScenario(seed, trace);
        scenario._lan.StepLimit = 20_000;
        try
        {
            scenario.Execute();
        }
        catch (InvalidOperationException ex)
        {
            scenario.Fail(ex.Message);
        }

        return scenario;
    }

    public string Describe() =>
        $"{_lan.Nodes.Count} nodes, VRRPv{(int)_version}, interval {_interval.TotalMilliseconds} ms, preempt {_preempt}, delay {_lan.MinDelay.TotalMilliseconds}-{_lan.MaxDelay.TotalMilliseconds} ms, priorities {string.Join(",", _lan.Nodes.Select(n => n.Settings.Priority))}";

    private void Execute()
    {
        Random random = _lan.Random;
        foreach (SimulatedNode node in _lan.Nodes)
        {
            node.Start();
            _lan.RunFor(TimeSpan.FromTicks((long)(random.NextDouble() * _interval.Ticks)));
        }

        // Chaos.
        TimeSpan chaosEnd = _lan.Now + (30 * _interval);
        while (_lan.Now < chaosEnd)
        {
            _lan.RunFor(TimeSpan.FromTicks((long)(random.NextDouble() * 3 * _interval.Ticks)));
            Disturb(random);
        }

        // Calm: the faults stop. Tracked items and restarted nodes keep their last state.
        _lan.Heal();
        _lan.LossRate = 0;
        if (!_lan.Nodes.Any(n => n.IsRunning))
        {
            _lan.Nodes[random.Next(_lan.Nodes.Count)].Restart();
        }

        TimeSpan calmStart = _lan.Now;
        _lan.Record("faults stop");
        TimeSpan bound = _worstMasterDown + _interval + (2 * _lan.MaxDelay);
        _lan.RunFor(bound);
        CheckSingleElectedMaster($"{bound.TotalMilliseconds} ms after the faults stopped at {calmStart.TotalSeconds:0.000} s");
        SimulatedNode? master = _lan.Masters.Count > 0 ? _lan.Masters[0] : null;
        _lan.RunFor(5 * _interval);
        if (_lan.Masters.Count != 1 || _lan.Masters[0] != master)
        {
            Fail($"mastership moved during the calm: {master} then {string.Join(",", _lan.Masters)}");
        }

        if (master is not null && !master.HoldsVirtualAddresses)
        {
            Fail($"master {master} does not hold the virtual addresses");
        }

        foreach (SimulatedNode node in _lan.Nodes.Where(n => n.IsRunning && n != master))
        {
            if (node.HoldsVirtualAddresses)
            {
                Fail($"backup {node} still holds the virtual addresses");
            }
        }
    }

    private void Disturb(Random random)
    {
        List<SimulatedNode> running = _lan.Nodes.Where(n => n.IsRunning).ToList();
        List<SimulatedNode> down = _lan.Nodes.Where(n => !n.IsRunning).ToList();
        switch (random.Next(9))
        {
            case 0 when running.Count > 1:
                running[random.Next(running.Count)].Crash();
                break;
            case 1 when running.Count > 1:
                running[random.Next(running.Count)].Stop();
                break;
            case 2 or 3 when down.Count > 0:
                down[random.Next(down.Count)].Start();
                break;
            case 4 or 5:
                _lan.Nodes[random.Next(_lan.Nodes.Count)].ReportTrackedItem("chk", random.NextDouble() < 0.5);
                break;
            case 6:
                List<SimulatedNode> side = _lan.Nodes.Where(_ => random.NextDouble() < 0.5).ToList();
                _lan.Partition(side);
                break;
            case 7:
                _lan.Heal();
                break;
            default:
                _lan.LossRate = random.NextDouble() < 0.5 ? 0 : random.NextDouble() * 0.5;
                _lan.DuplicationRate = random.NextDouble() < 0.5 ? 0 : random.NextDouble() * 0.2;
                break;
        }
    }

    // Two masters that can hear each other without loss must settle within Master_Down_Interval.
    private void CheckNoLongDualMaster()
    {
        IReadOnlyList<SimulatedNode> masters = _lan.Masters;
        if (masters.Count < 2 && _dualMasterSince.Count == 0)
        {
            return;
        }

        var current = new HashSet<(SimulatedNode, SimulatedNode)>();
        if (_lan.LossRate == 0)
        {
            for (int i = 0; i < masters.Count; i++)
            {
                for (int j = i + 1; j < masters.Count; j++)
                {
                    if (_lan.CanReach(masters[i], masters[j]))
                    {
                        current.Add((masters[i], masters[j]));
                    }
                }
            }
        }

        foreach ((SimulatedNode, SimulatedNode) pair in _dualMasterSince.Keys.ToList())
        {
            if (!current.Contains(pair))
            {
                _dualMasterSince.Remove(pair);
            }
        }

        foreach ((SimulatedNode, SimulatedNode) pair in current)
        {
            if (!_dualMasterSince.TryGetValue(pair, out TimeSpan since))
            {
                _dualMasterSince[pair] = _lan.Now;
            }
            else if (_lan.Now - since > _worstMasterDown + _lan.MaxDelay)
            {
                Fail($"{pair.Item1} and {pair.Item2} were both master and connected from {since.TotalSeconds:0.000} s to {_lan.Now.TotalSeconds:0.000} s (> Master_Down_Interval {_worstMasterDown.TotalMilliseconds} ms)");
                _dualMasterSince[pair] = _lan.Now;
            }
        }
    }

    private void CheckSingleElectedMaster(string when)
    {
        IReadOnlyList<SimulatedNode> masters = _lan.Masters;
        if (masters.Count != 1)
        {
            Fail($"{masters.Count} masters ({string.Join(", ", masters)}) {when}");
            return;
        }

        if (!_preempt)
        {
            return;
        }

        int best = _lan.Nodes.Where(n => n.IsRunning).Max(n => (int)n.Instance.GetStatus().EffectivePriority);
        byte actual = masters[0].Instance.GetStatus().EffectivePriority;
        if (actual != best)
        {
            Fail($"master {masters[0]} has effective priority {actual} but {best} is available {when}; it says: {masters[0].Instance.Explain()}");
        }
    }

    private void Fail(string message) =>
        _failures.Add($"{_lan.Now.TotalSeconds.ToString("0.000000", CultureInfo.InvariantCulture)} s: {message}");
}
