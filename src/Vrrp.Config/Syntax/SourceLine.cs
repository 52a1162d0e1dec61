namespace Vrrp.Config.Syntax;

/// <summary>One line after preprocessing (comments removed, definitions expanded), and where it came from.</summary>
/// <param name="Text">The text to tokenise.</param>
/// <param name="File">The file the line was read from.</param>
/// <param name="Line">The one-based line number in <paramref name="File"/>.</param>
/// <param name="Column">The one-based column of <paramref name="Text"/>'s first character in the original line.</param>
/// <param name="IsExpanded">Whether definitions were expanded into the line, so later columns are approximate.</param>
internal readonly record struct SourceLine(string Text, string File, int Line, int Column, bool IsExpanded = false)
{
    public SourceSpan SpanAt(int index) => new(File, Line, Column + index);
}
