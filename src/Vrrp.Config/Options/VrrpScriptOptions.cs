namespace Vrrp.Config.Options;

/// <summary>A health-check script (keepalived's <c>vrrp_script NAME { }</c>) that instances and sync groups track.</summary>
public sealed class VrrpScriptOptions
{
    /// <summary>Gets or sets the command line to run (<c>script</c>), for example <c>killall -0 haproxy</c>.</summary>
    /// <value>The default is an empty string (invalid).</value>
    public string Script { get; set; } = string.Empty;

    /// <summary>Gets or sets how often the script runs (<c>interval</c>).</summary>
    /// <value>The default is 1 second.</value>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets how long a run may take before it counts as failed and is killed (<c>timeout</c>).</summary>
    /// <value>The default is <see langword="null"/>: the interval, as keepalived.</value>
    public TimeSpan? Timeout { get; set; }

    /// <summary>Gets or sets how much the priority changes while the script fails (<c>weight</c>, -253..253).</summary>
    /// <value>The default is 0: the instance goes to FAULT while the script fails.</value>
    public int Weight { get; set; }

    /// <summary>Gets or sets whether the weight applies while the script succeeds instead (<c>weight W reverse</c>).</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool WeightReverse { get; set; }

    /// <summary>Gets or sets how many successes in a row make a failed script healthy (<c>rise</c>).</summary>
    /// <value>The default is 1.</value>
    public int Rise { get; set; } = 1;

    /// <summary>Gets or sets how many failures in a row make a healthy script failed (<c>fall</c>).</summary>
    /// <value>The default is 1.</value>
    public int Fall { get; set; } = 1;

    /// <summary>Gets or sets the user the script runs as (<c>user USER [GROUP]</c>).</summary>
    /// <value>The default is <see langword="null"/>: <see cref="GlobalDefinitionsOptions.ScriptUser"/>.</value>
    public string? User { get; set; }

    /// <summary>Gets or sets the group the script runs as.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? Group { get; set; }

    /// <summary>Gets or sets whether the script starts as failed until it first succeeds (<c>init_fail</c>).</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool InitFail { get; set; }
}
