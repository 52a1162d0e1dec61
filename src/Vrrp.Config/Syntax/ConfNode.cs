namespace Vrrp.Config.Syntax;

/// <summary>A statement: a keyword, its arguments on the same line, and the <c>{ }</c> block that follows it, if any.</summary>
public sealed class ConfNode
{
    internal ConfNode(ConfToken keyword, IReadOnlyList<ConfToken> arguments)
    {
        Keyword = keyword;
        Arguments = arguments;
    }

    /// <summary>Gets the keyword token (the first word of the statement).</summary>
    public ConfToken Keyword { get; }

    /// <summary>Gets the keyword's text.</summary>
    public string Name => Keyword.Text;

    /// <summary>Gets the words after the keyword, up to the end of the line or a brace.</summary>
    public IReadOnlyList<ConfToken> Arguments { get; }

    /// <summary>Gets the statements of the block that follows the statement, or <see langword="null"/> when it has none.</summary>
    public IReadOnlyList<ConfNode>? Block => BlockList;

    /// <summary>Gets where the block's <c>{</c> is, or <see langword="null"/> when the statement has no block.</summary>
    public SourceSpan? BlockStart { get; internal set; }

    /// <summary>Gets where the statement starts.</summary>
    public SourceSpan Span => Keyword.Span;

    internal List<ConfNode>? BlockList { get; set; }

    /// <summary>Returns the statement's line without its block.</summary>
    /// <returns>The keyword and its arguments.</returns>
    public override string ToString() => Arguments.Count == 0 ? Name : Name + " " + string.Join(' ', Arguments);
}
