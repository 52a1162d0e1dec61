namespace Vrrp.Config.Syntax;

/// <summary>The kinds of token in a keepalived configuration.</summary>
public enum ConfTokenKind
{
    /// <summary>A keyword or a value: a run of non-blank characters, or a double-quoted string.</summary>
    Word,

    /// <summary><c>{</c>: opens a block.</summary>
    OpenBrace,

    /// <summary><c>}</c>: closes a block.</summary>
    CloseBrace,

    /// <summary>The end of a line: keepalived reads one statement per line.</summary>
    EndOfLine,
}
