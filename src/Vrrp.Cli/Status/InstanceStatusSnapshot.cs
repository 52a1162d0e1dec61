namespace Vrrp.Cli.Status;

/// <summary>One instance in the status file.</summary>
internal sealed record InstanceStatusSnapshot
{
    public required string Name { get; init; }

    public int VirtualRouterId { get; init; }

    /// <summary>Gets the state: <c>initialize</c>, <c>backup</c>, <c>master</c>, <c>fault</c> or <c>stopped</c>.</summary>
    public required string State { get; init; }

    /// <summary>Gets why the state was entered (a <see cref="StateMachine.VrrpTransitionReason"/> name).</summary>
    public required string Reason { get; init; }

    /// <summary>Gets whether an operator put the instance in maintenance (its state is then <c>fault</c>; tables show MAINTENANCE).</summary>
    public bool Maintenance { get; init; }

    /// <summary>Gets when the state was entered.</summary>
    public DateTimeOffset Since { get; init; }

    /// <summary>Gets the current master's address (ours when master), or null when none is known.</summary>
    public string? MasterAddress { get; init; }

    public int MasterPriority { get; init; }

    public int BasePriority { get; init; }

    public int EffectivePriority { get; init; }

    /// <summary>Gets <see cref="Instances.VrrpInstance.Explain"/>: why the instance is in its state and its priority.</summary>
    public required string Explanation { get; init; }

    public bool OwnsVirtualAddresses { get; init; }

    public bool LinkUp { get; init; }

    public required Instances.VrrpCounters Counters { get; init; }

    /// <summary>Gets the dropped messages by reason (snake_case <see cref="Instances.VrrpDropReason"/>, or <c>packet_</c> and the wire error).</summary>
    public IReadOnlyDictionary<string, long> Drops { get; init; } = new Dictionary<string, long>();

    public required Instances.VrrpTimerLateness TimerLateness { get; init; }

    public string? LastError { get; init; }

    /// <summary>Gets where the instance's VIP commands stand, or null when its addresses do not move by command.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public BindingStatusSnapshot? Binding { get; init; }
}
