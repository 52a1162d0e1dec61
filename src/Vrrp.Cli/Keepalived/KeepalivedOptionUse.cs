namespace Vrrp.Cli.Keepalived;

/// <summary>One option as given on the command line.</summary>
/// <param name="Option">The option.</param>
/// <param name="Spelling">How it was written, for messages: <c>-f</c>, <c>--use-file</c>, or the abbreviation used.</param>
/// <param name="Value">Its value, or null when it has none.</param>
internal readonly record struct KeepalivedOptionUse(KeepalivedOption Option, string Spelling, string? Value);
