namespace Vrrp.Config.Syntax;

/// <summary>One token of a keepalived configuration, with where it came from.</summary>
/// <param name="Kind">What the token is.</param>
/// <param name="Text">The text of a word, without its quotes; <c>{</c>, <c>}</c> or an empty string otherwise.</param>
/// <param name="Span">The file, line and column of the token's first character.</param>
/// <param name="IsQuoted">Whether the word was written between double quotes.</param>
public readonly record struct ConfToken(ConfTokenKind Kind, string Text, SourceSpan Span, bool IsQuoted = false)
{
    /// <summary>Returns the token as it would be written.</summary>
    /// <returns>The token's text, quoted when it was quoted.</returns>
    public override string ToString() => IsQuoted ? "\"" + Text + "\"" : Text;
}
