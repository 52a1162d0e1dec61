namespace Vrrp.Cli.Control;

/// <summary>How <c>vrrp run</c> can be asked what it does: its control socket and where keepalived's dump signals write.</summary>
internal sealed record DaemonControlOptions
{
    /// <summary>keepalived's directory for its dump files.</summary>
    public const string DefaultDumpDirectory = "/tmp";

    /// <summary>Gets the control socket, or null for none (<c>--control-socket none</c>).</summary>
    public ControlSocketOptions? Socket { get; init; }

    /// <summary>Gets the directory of keepalived.data, keepalived.stats and keepalived.json (<c>--dump-dir</c>), or null to leave the signals alone.</summary>
    public string? DumpDirectory { get; init; }
}
