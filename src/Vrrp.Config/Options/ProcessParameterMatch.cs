namespace Vrrp.Config.Options;

/// <summary>How a <c>vrrp_track_process</c> compares the parameters of a process (<c>param_match</c>).</summary>
public enum ProcessParameterMatch
{
    /// <summary>Parameters are not compared: only the name (or, with full_command, the path).</summary>
    None,

    /// <summary>The parameters are exactly those configured (none when none are configured).</summary>
    Exact,

    /// <summary>The first parameters are those configured; more may follow.</summary>
    Partial,

    /// <summary>As <see cref="Partial"/>, but the last configured parameter may be the start of the process's one.</summary>
    Initial,
}
