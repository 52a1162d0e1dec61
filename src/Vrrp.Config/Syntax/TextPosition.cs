namespace Vrrp.Config.Syntax;

/// <summary>A one-based line and column in a configuration file.</summary>
/// <param name="Line">The one-based line number.</param>
/// <param name="Column">The one-based column, counted in UTF-16 code units.</param>
public readonly record struct TextPosition(int Line, int Column)
{
    /// <summary>Returns <c>line:column</c>.</summary>
    /// <returns>The position as text.</returns>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Line}:{Column}");
}
