namespace Vrrp.Config.Options;

/// <summary>
/// Processes instances and sync groups track (keepalived's <c>vrrp_track_process NAME { }</c>): up while the number
/// of matching running processes (zombies do not count) is within [<see cref="Quorum"/>, <see cref="QuorumMax"/>].
/// </summary>
public sealed class VrrpTrackProcessOptions
{
    /// <summary>Gets or sets the process name, or its path with <see cref="FullCommand"/> (<c>process</c>).</summary>
    /// <value>The default is an empty string (invalid).</value>
    public string Process { get; set; } = string.Empty;

    /// <summary>Gets the parameters that follow <c>process NAME</c>.</summary>
    public List<string> Parameters { get; } = [];

    /// <summary>Gets or sets how parameters are compared (<c>param_match</c>; parameters alone mean exact).</summary>
    /// <value>The default is <see cref="ProcessParameterMatch.None"/>.</value>
    public ProcessParameterMatch ParameterMatch { get; set; }

    /// <summary>Gets or sets whether the first word of the command line is compared instead of the process name (<c>full_command</c>; implied by parameters).</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool FullCommand { get; set; }

    /// <summary>Gets or sets the fewest matching processes for the tracker to be up (<c>quorum</c>, 1..65535).</summary>
    /// <value>The default is 1 (0 when <see cref="QuorumMax"/> is 0).</value>
    public int Quorum { get; set; } = 1;

    /// <summary>Gets or sets the most matching processes for the tracker to be up (<c>quorum_max</c>, 0..65535).</summary>
    /// <value>The default is <see langword="null"/>: no limit.</value>
    public int? QuorumMax { get; set; }

    /// <summary>Gets or sets the priority change (<c>weight W</c>, -254..254): positive while up, negative while down, 0 faults while down.</summary>
    /// <value>The default is 0.</value>
    public int Weight { get; set; }

    /// <summary>Gets or sets whether the weight applies the other way round (<c>weight W reverse</c>).</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool WeightReverse { get; set; }

    /// <summary>Gets or sets how long a gained quorum must hold before the tracker goes up (<c>fork_delay</c>, or <c>delay</c>).</summary>
    /// <value>The default is zero.</value>
    public TimeSpan ForkDelay { get; set; }

    /// <summary>Gets or sets how long a lost quorum must last before the tracker goes down (<c>terminate_delay</c>, or <c>delay</c>).</summary>
    /// <value>The default is zero.</value>
    public TimeSpan TerminateDelay { get; set; }
}
