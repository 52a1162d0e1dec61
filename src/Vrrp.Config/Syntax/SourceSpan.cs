using System.Globalization;

namespace Vrrp.Config.Syntax;

/// <summary>Where a token, a statement or an option value came from: a file and a one-based position in it.</summary>
/// <param name="File">The path of the file, as given or as found by an <c>include</c>.</param>
/// <param name="Start">The position of the first character.</param>
public readonly record struct SourceSpan(string File, TextPosition Start)
{
    /// <summary>Initializes a span from a file, a line and a column.</summary>
    /// <param name="file">The path of the file.</param>
    /// <param name="line">The one-based line.</param>
    /// <param name="column">The one-based column.</param>
    public SourceSpan(string file, int line, int column)
        : this(file, new TextPosition(line, column))
    {
    }

    /// <summary>Gets the one-based line.</summary>
    public int Line => Start.Line;

    /// <summary>Gets the one-based column.</summary>
    public int Column => Start.Column;

    /// <summary>Returns <c>file:line:column</c>, the form compilers and editors understand.</summary>
    /// <returns>The span as text.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{File}:{Start.Line}:{Start.Column}");
}
