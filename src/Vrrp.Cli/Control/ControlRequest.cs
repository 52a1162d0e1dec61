namespace Vrrp.Cli.Control;

/// <summary>One request line of the control socket: <c>{"command":"status"}</c>, <c>{"command":"reload","dryRun":true,"file":"/etc/keepalived/keepalived.conf"}</c>, <c>{"command":"maintenance","on":true,"instance":"VI_1"}</c>, <c>{"command":"watch"}</c>.</summary>
internal sealed record ControlRequest
{
    /// <summary>Gets what is asked: <see cref="Status"/>, <see cref="Reload"/>, <see cref="Maintenance"/> or <see cref="Watch"/>.</summary>
    public string? Command { get; init; }

    /// <summary>Gets, for a reload, whether to only compute the plan.</summary>
    public bool DryRun { get; init; }

    /// <summary>Gets, for a reload, the file to read instead of the running one (an absolute path), or null.</summary>
    public string? File { get; init; }

    /// <summary>Gets, for maintenance, whether to enter (true) or leave (false) it.</summary>
    public bool? On { get; init; }

    /// <summary>Gets, for maintenance, the instance (null: all of them).</summary>
    public string? Instance { get; init; }

    // The command names, as clients write them.
    public const string Status = "status";
    public const string Reload = "reload";
    public const string Maintenance = "maintenance";
    public const string Watch = "watch";
}
