namespace Vrrp.Cli.Status;

/// <summary>The status file <c>vrrp run</c> writes and <c>vrrp status</c> reads (JSON, snake_case).</summary>
internal sealed record StatusSnapshot
{
    /// <summary>Gets the format version; readers reject others.</summary>
    public int FormatVersion { get; init; } = 1;

    /// <summary>Gets when the file was written.</summary>
    public DateTimeOffset WrittenAt { get; init; }

    /// <summary>Gets how often the writer refreshes the file (also written on every state change).</summary>
    public double RefreshIntervalSeconds { get; init; }

    /// <summary>Gets the writing process.</summary>
    public int ProcessId { get; init; }

    /// <summary>Gets the instances, in configuration order.</summary>
    public IReadOnlyList<InstanceStatusSnapshot> Instances { get; init; } = [];

    /// <summary>Gets the last reload (SIGHUP, <c>vrrp reload</c>), or null before the first.</summary>
    public ReloadStatusSnapshot? LastReload { get; init; }
}
