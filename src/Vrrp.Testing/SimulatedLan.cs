using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Vrrp.Instances;
using Vrrp.Packets;
using Vrrp.StateMachine;

namespace Vrrp.Testing;

/// <summary>
/// A deterministic in-memory LAN of VRRP instances on a <see cref="FakeTimeProvider"/>: advertisements travel as real
/// encoded bytes (written by <see cref="VrrpPacketWriter"/>, read back by <see cref="VrrpPacketReader"/> in the
/// receiving instance) with configurable loss, delay and duplication, partitions, crashes, restarts and tracked-item
/// changes. Everything runs on the caller's thread and every random choice comes from one <see cref="System.Random"/>
/// seeded with <see cref="Seed"/>, so a run replays exactly from its seed.
/// </summary>
/// <example>
/// <code>
/// var lan = new SimulatedLan(seed: 42);
/// var a = lan.AddNode(settings with { PrimaryAddress = IPAddress.Parse("10.0.0.1"), Priority = 150 });
/// var b = lan.AddNode(settings with { PrimaryAddress = IPAddress.Parse("10.0.0.2"), Priority = 100 });
/// lan.StartAll();
/// lan.RunFor(TimeSpan.FromSeconds(5));      // a is master
/// a.Crash();
/// lan.RunFor(TimeSpan.FromSeconds(4));      // b took over after its Master_Down_Interval
/// </code>
/// </example>
public sealed class SimulatedLan
{
    private static readonly DateTimeOffset s_epoch = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly List<SimulatedNode> _nodes = [];
    private readonly PriorityQueue<Delivery, (long Due, long Sequence)> _inFlight = new();
    private readonly Dictionary<SimulatedNode, int> _partitionOf = [];
    private readonly Dictionary<(SimulatedNode From, SimulatedNode To), long> _lastDelivery = [];
    private readonly List<SimulatedTransition> _transitions = [];
    private readonly List<string> _trace = [];
    private readonly long _origin;
    private long _sequence;
    private double _lossRate;
    private double _duplicationRate;

    /// <summary>Creates an empty LAN whose random choices all derive from <paramref name="seed"/>.</summary>
    /// <param name="seed">The seed; print it with a failure so that the run can be replayed.</param>
    public SimulatedLan(int seed)
    {
        Seed = seed;
        Random = new Random(seed);
        Clock = new FakeTimeProvider(s_epoch);
        _origin = Clock.GetTimestamp();
    }

    /// <summary>Raised after a node changes state (on the simulation thread).</summary>
    public event EventHandler<SimulatedTransition>? StateChanged;

    /// <summary>Raised after every simulation step (all events of one instant processed), for invariant checks.</summary>
    public event EventHandler? Stepped;

    /// <summary>Gets the seed every random choice derives from.</summary>
    public int Seed { get; }

    /// <summary>Gets the seeded random source; scenario code may draw from it to stay reproducible.</summary>
    public Random Random { get; }

    /// <summary>Gets the fake clock all nodes share. Prefer <see cref="RunFor"/> to advancing it directly: it steps from event to event so timers fire exactly when due.</summary>
    public FakeTimeProvider Clock { get; }

    /// <summary>Gets the simulated time since the LAN was created.</summary>
    public TimeSpan Now => Clock.GetElapsedTime(_origin);

    /// <summary>Gets the nodes, in the order they were added.</summary>
    public IReadOnlyList<SimulatedNode> Nodes => _nodes;

    /// <summary>Gets the running nodes that are master now.</summary>
    public IReadOnlyList<SimulatedNode> Masters => _nodes.FindAll(n => n.IsRunning && n.State == VrrpState.Master);

    /// <summary>Gets every state change so far, oldest first.</summary>
    public IReadOnlyList<SimulatedTransition> Transitions => _transitions;

    /// <summary>Gets or sets the probability (0 to 1) that one copy of an advertisement to one receiver is lost.</summary>
    /// <value>The default value is 0.</value>
    public double LossRate
    {
        get => _lossRate;
        set => _lossRate = CheckProbability(value);
    }

    /// <summary>Gets or sets the probability (0 to 1) that an advertisement reaches a receiver twice.</summary>
    /// <value>The default value is 0.</value>
    public double DuplicationRate
    {
        get => _duplicationRate;
        set => _duplicationRate = CheckProbability(value);
    }

    /// <summary>Gets or sets the shortest one-way delay.</summary>
    /// <value>The default value is zero.</value>
    public TimeSpan MinDelay { get; set; }

    /// <summary>Gets or sets the longest one-way delay; each copy's delay is drawn uniformly between the two.</summary>
    /// <value>The default value is zero.</value>
    public TimeSpan MaxDelay { get; set; }

    /// <summary>
    /// Gets or sets the most steps one <see cref="RunFor"/> or <see cref="RunUntil"/> call may take before it throws,
    /// so that a protocol bug that makes routers answer each other forever fails fast instead of hanging.
    /// </summary>
    /// <value>The default value is 1 000 000.</value>
    public long StepLimit { get; set; } = 1_000_000;

    /// <summary>Gets or sets whether <see cref="Trace"/> records every delivery, loss and state change.</summary>
    public bool TraceEnabled { get; set; }

    /// <summary>Gets the trace (see <see cref="TraceEnabled"/>).</summary>
    public IReadOnlyList<string> Trace => _trace;

    /// <summary>Gets the number of advertisement copies delivered.</summary>
    public long Delivered { get; private set; }

    /// <summary>Gets the number of advertisement copies lost to <see cref="LossRate"/>.</summary>
    public long Lost { get; private set; }

    /// <summary>Gets the number of advertisement copies blocked by a partition.</summary>
    public long Blocked { get; private set; }

    /// <summary>
    /// Adds a node (not started). Nodes hear each other when they share VRID and address family. A host that runs
    /// several instances (one per VRID, e.g. the members of a sync group) is several nodes with the same primary address.
    /// </summary>
    /// <param name="settings">The node's instance settings; the primary address must be unique on the LAN for its VRID and family.</param>
    /// <returns>The node.</returns>
    public SimulatedNode AddNode(VrrpInstanceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var node = new SimulatedNode(this, settings);
        if (_nodes.Exists(n => n.Address == node.Address && n.Settings.VirtualRouterId == settings.VirtualRouterId))
        {
            throw new ArgumentException($"Another node already uses {settings.PrimaryAddress} for VRID {settings.VirtualRouterId}.", nameof(settings));
        }

        _nodes.Add(node);
        return node;
    }

    /// <summary>Starts every node that is not running, in the order they were added.</summary>
    public void StartAll()
    {
        foreach (SimulatedNode node in _nodes)
        {
            if (!node.IsRunning)
            {
                node.Start();
            }
        }
    }

    /// <summary>
    /// Splits the LAN: nodes in different groups stop hearing each other; nodes not listed form one more group.
    /// Replaces any previous partition.
    /// </summary>
    /// <param name="groups">The groups.</param>
    public void Partition(params IReadOnlyCollection<SimulatedNode>[] groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        _partitionOf.Clear();
        for (int i = 0; i < groups.Length; i++)
        {
            foreach (SimulatedNode node in groups[i])
            {
                _partitionOf[node] = i + 1;
            }
        }

        Record($"partition {string.Join(" | ", Array.ConvertAll(groups, g => string.Join(",", g)))}");
    }

    /// <summary>Removes any partition.</summary>
    public void Heal()
    {
        _partitionOf.Clear();
        Record("heal");
    }

    /// <summary>Gets whether advertisements from <paramref name="from"/> can reach <paramref name="to"/> (ignoring loss).</summary>
    /// <param name="from">The sender.</param>
    /// <param name="to">The receiver.</param>
    /// <returns><see langword="true"/> when they are in the same partition.</returns>
    public bool CanReach(SimulatedNode from, SimulatedNode to) =>
        _partitionOf.GetValueOrDefault(from) == _partitionOf.GetValueOrDefault(to);

    /// <summary>Gets when <paramref name="to"/> last received an advertisement from <paramref name="from"/>, or null.</summary>
    /// <param name="from">The sender.</param>
    /// <param name="to">The receiver.</param>
    /// <returns>The simulated time of the delivery.</returns>
    public TimeSpan? LastDelivery(SimulatedNode from, SimulatedNode to) =>
        _lastDelivery.TryGetValue((from, to), out long at) ? Clock.GetElapsedTime(_origin, at) : null;

    /// <summary>
    /// Runs the simulation for <paramref name="duration"/>, stepping the clock from event to event (the next
    /// delivery or the next instance timer) so that every timer fires exactly when due.
    /// </summary>
    /// <param name="duration">How long to run.</param>
    public void RunFor(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        long end = Clock.GetTimestamp() + duration.Ticks;
        RunUntilTimestamp(end, null);
    }

    /// <summary>Runs until <paramref name="condition"/> holds after a step, or until <paramref name="timeout"/> passes.</summary>
    /// <param name="condition">Checked after every step.</param>
    /// <param name="timeout">The longest simulated time to run.</param>
    /// <returns><see langword="true"/> when the condition was met.</returns>
    public bool RunUntil(Func<bool> condition, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(condition);
        if (condition())
        {
            return true;
        }

        return RunUntilTimestamp(Clock.GetTimestamp() + timeout.Ticks, condition);
    }

    internal void Send(SimulatedNode sender, ReadOnlySpan<byte> message, VrrpAddress destination)
    {
        byte[] bytes = message.ToArray();
        bool multicast = destination.Family == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? IsIPv6Multicast(destination)
            : IsIPv4Multicast(destination);
        foreach (SimulatedNode receiver in _nodes)
        {
            if (ReferenceEquals(receiver, sender)
                || !receiver.IsRunning
                || receiver.Settings.VirtualRouterId != sender.Settings.VirtualRouterId
                || receiver.Settings.Family != sender.Settings.Family
                || (!multicast && receiver.Address != destination))
            {
                continue;
            }

            if (!CanReach(sender, receiver))
            {
                Blocked++;
                continue;
            }

            int copies = _duplicationRate > 0 && Random.NextDouble() < _duplicationRate ? 2 : 1;
            for (int copy = 0; copy < copies; copy++)
            {
                if (_lossRate > 0 && Random.NextDouble() < _lossRate)
                {
                    Lost++;
                    if (TraceEnabled)
                    {
                        Record($"lost {sender} -> {receiver} priority {bytes[2].ToString(CultureInfo.InvariantCulture)}");
                    }

                    continue;
                }

                long delay = MinDelay.Ticks + (long)(Random.NextDouble() * Math.Max(0, MaxDelay.Ticks - MinDelay.Ticks));
                var delivery = new Delivery(sender, receiver, bytes, destination);
                _inFlight.Enqueue(delivery, (Clock.GetTimestamp() + delay, _sequence++));
            }
        }
    }

    internal void OnStateChanged(SimulatedNode node, VrrpStateChangedEventArgs e)
    {
        var transition = new SimulatedTransition(Now, node, e.From, e.To, e.Reason);
        _transitions.Add(transition);
        Record($"{node}: {e.From} -> {e.To} ({e.Reason})");
        StateChanged?.Invoke(this, transition);
    }

    private bool RunUntilTimestamp(long end, Func<bool>? condition)
    {
        int stalls = 0;
        long steps = 0;
        while (true)
        {
            if (++steps > StepLimit)
            {
                throw new InvalidOperationException($"The simulation took more than {StepLimit} steps at {Now} (seed {Seed}); routers may be answering each other forever.");
            }

            long now = Clock.GetTimestamp();
            while (_inFlight.TryPeek(out _, out (long Due, long Sequence) key) && key.Due <= now)
            {
                // Deliveries count as steps too: two routers answering each other with no delay would otherwise
                // loop here forever without the clock moving.
                if (++steps > StepLimit)
                {
                    throw new InvalidOperationException($"The simulation took more than {StepLimit} steps at {Now} (seed {Seed}); routers may be answering each other forever.");
                }

                Deliver(_inFlight.Dequeue());
            }

            Stepped?.Invoke(this, EventArgs.Empty);
            if (condition?.Invoke() == true)
            {
                return true;
            }

            long next = _inFlight.TryPeek(out _, out (long Due, long Sequence) nextKey) ? nextKey.Due : long.MaxValue;
            foreach (SimulatedNode node in _nodes)
            {
                if (node.IsRunning && node.NextTimerDue is long due && due < next)
                {
                    next = due;
                }
            }

            if (next > end)
            {
                if (end > now)
                {
                    Clock.Advance(TimeSpan.FromTicks(end - now));
                }

                return condition?.Invoke() == true;
            }

            if (next <= now)
            {
                // A timer due now that has not run yet: let the fake clock fire it without moving time.
                if (++stalls > 1000)
                {
                    throw new InvalidOperationException($"The simulation is stuck at {Now} (seed {Seed}).");
                }

                Clock.Advance(TimeSpan.Zero);
                continue;
            }

            stalls = 0;
            Clock.Advance(TimeSpan.FromTicks(next - now));
        }
    }

    private void Deliver(Delivery delivery)
    {
        SimulatedNode receiver = delivery.To;
        if (!receiver.IsRunning)
        {
            return;
        }

        Span<byte> source = stackalloc byte[16];
        Span<byte> destination = stackalloc byte[16];
        int sourceLength = delivery.From.Address.WriteBytes(source);
        int destinationLength = delivery.Destination.WriteBytes(destination);
        var ip = new VrrpIpContext(receiver.Settings.Family, source[..sourceLength], destination[..destinationLength], VrrpPacketReader.RequiredTtl);
        bool accepted = receiver.Instance.ReceiveAdvertisement(delivery.Message, ip);
        Delivered++;
        if (accepted)
        {
            _lastDelivery[(delivery.From, receiver)] = Clock.GetTimestamp();
        }

        if (TraceEnabled)
        {
            Record($"deliver {delivery.From} -> {receiver} priority {delivery.Message[2].ToString(CultureInfo.InvariantCulture)}{(accepted ? string.Empty : " (dropped)")}");
        }
    }

    internal void Record(string message)
    {
        if (TraceEnabled)
        {
            _trace.Add($"{Now.TotalSeconds.ToString("0.000000", CultureInfo.InvariantCulture)} s {message}");
        }
    }

    private static bool IsIPv4Multicast(VrrpAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.WriteBytes(bytes);
        return (bytes[0] & 0xF0) == 0xE0;
    }

    private static bool IsIPv6Multicast(VrrpAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.WriteBytes(bytes);
        return bytes[0] == 0xFF;
    }

    private static double CheckProbability(double value)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 1);
        return value;
    }

    private sealed record Delivery(SimulatedNode From, SimulatedNode To, byte[] Message, VrrpAddress Destination);
}
