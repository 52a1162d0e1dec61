using Vrrp.Hosting.Control;

namespace Vrrp.Cli.Control;

/// <summary>
/// One reply line of the control socket (every request but <c>status</c>, whose reply is the status document itself):
/// <c>{"ok":false,"error":"..."}</c>, or <c>ok</c> with what the request asked for.
/// </summary>
internal sealed record ControlReply
{
    public bool Ok { get; init; }

    /// <summary>Gets why the request failed, one line.</summary>
    public string? Error { get; init; }

    /// <summary>Gets the reload's plan and outcome (for <c>reload</c>).</summary>
    public VrrpReloadResult? Reload { get; init; }

    /// <summary>Gets the instances in maintenance after the request (for <c>maintenance</c>).</summary>
    public IReadOnlyList<string>? Maintenance { get; init; }

    /// <summary>Gets a value indicating that events follow, one per line (for <c>watch</c>).</summary>
    public bool? Watching { get; init; }

    public static ControlReply Failed(string error) => new() { Ok = false, Error = error };
}
