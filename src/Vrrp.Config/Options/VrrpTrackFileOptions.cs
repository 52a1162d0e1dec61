namespace Vrrp.Config.Options;

/// <summary>
/// A file holding an integer that instances and sync groups track (keepalived's <c>track_file NAME { }</c>, also
/// <c>vrrp_track_file</c>): the priority moves by value x weight; with weight 0 a non-zero value is a fault.
/// </summary>
public sealed class VrrpTrackFileOptions
{
    /// <summary>Gets or sets the path of the file (<c>file</c>).</summary>
    /// <value>The default is an empty string (invalid).</value>
    public string File { get; set; } = string.Empty;

    /// <summary>Gets or sets the value multiplier (<c>weight W</c>, -254..254).</summary>
    /// <value>The default is 1.</value>
    public int Weight { get; set; } = 1;

    /// <summary>Gets or sets whether the product is negated (<c>weight W reverse</c>).</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool WeightReverse { get; set; }

    /// <summary>Gets or sets the value written at start when the file does not exist (<c>init_file [VALUE]</c>).</summary>
    /// <value>The default is <see langword="null"/>: the file is not created.</value>
    public long? InitValue { get; set; }

    /// <summary>Gets or sets whether <see cref="InitValue"/> overwrites an existing file (<c>init_file VALUE overwrite</c>).</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool InitOverwrite { get; set; }
}
