namespace Vrrp.Cli.Keepalived;

/// <summary>One option of keepalived's command line and what <c>vrrp</c> does with it.</summary>
/// <param name="Short">The short form (<c>f</c> for <c>-f</c>), or null when keepalived has only the long one.</param>
/// <param name="Long">The long form without its dashes (<c>use-file</c>).</param>
/// <param name="Argument">Whether it takes a value.</param>
/// <param name="ValueName">The value's name in the help (<c>FILE</c>), or null.</param>
/// <param name="Handling">Accepted, noted, carried onto <c>vrrp run</c>, acted on, or refused.</param>
/// <param name="Description">What vrrp does with it: the help line, the note or the reason for the refusal.</param>
internal sealed record KeepalivedOption(
    char? Short,
    string Long,
    KeepalivedOptionArgument Argument,
    string? ValueName,
    KeepalivedOptionHandling Handling,
    string Description)
{
    /// <summary>Gets how the option is named in messages: <c>-f/--use-file</c> or <c>--signum</c>.</summary>
    public string DisplayName => Short is { } letter ? $"-{letter}/--{Long}" : $"--{Long}";
}
