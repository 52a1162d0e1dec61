using Vrrp.Config.Diagnostics;

namespace Vrrp.Config.Syntax;

/// <summary>
/// Splits preprocessed lines into words, braces and line ends, as keepalived does: words are separated by blanks,
/// a double-quoted string is one word (without escapes at this stage), and <c>{</c> / <c>}</c> outside quotes always
/// stand alone, even inside a word.
/// </summary>
internal static class ConfLexer
{
    public static List<ConfToken> Tokenize(IReadOnlyList<SourceLine> lines, DiagnosticBag diagnostics)
    {
        // About three words and a line end per line: sizing up front avoids copying a large list as it grows.
        var tokens = new List<ConfToken>(lines.Count * 4);
        foreach (SourceLine line in lines)
        {
            TokenizeLine(line, tokens, diagnostics);
        }

        return tokens;
    }

    public static void TokenizeLine(SourceLine line, List<ConfToken> tokens, DiagnosticBag diagnostics)
    {
        string text = line.Text;
        int i = 0;
        bool any = false;
        while (i < text.Length)
        {
            char c = text[i];
            if (IsBlank(c))
            {
                i++;
                continue;
            }

            any = true;
            if (c == '{' || c == '}')
            {
                tokens.Add(new ConfToken(c == '{' ? ConfTokenKind.OpenBrace : ConfTokenKind.CloseBrace, c == '{' ? "{" : "}", line.SpanAt(i)));
                i++;
                continue;
            }

            if (c == '"')
            {
                int close = text.IndexOf('"', i + 1);
                if (close < 0)
                {
                    diagnostics.Warning(line.SpanAt(i), ConfigDiagnosticCodes.UnterminatedQuote, "this quoted string is not closed on its line", "add the closing `\"`");
                    tokens.Add(new ConfToken(ConfTokenKind.Word, text[(i + 1)..], line.SpanAt(i), IsQuoted: true));
                    i = text.Length;
                }
                else
                {
                    tokens.Add(new ConfToken(ConfTokenKind.Word, text[(i + 1)..close], line.SpanAt(i), IsQuoted: true));
                    i = close + 1;
                }

                continue;
            }

            int start = i;
            while (i < text.Length && !IsBlank(text[i]) && text[i] is not ('"' or '{' or '}'))
            {
                i++;
            }

            tokens.Add(new ConfToken(ConfTokenKind.Word, text[start..i], line.SpanAt(start)));
        }

        if (any)
        {
            tokens.Add(new ConfToken(ConfTokenKind.EndOfLine, string.Empty, line.SpanAt(text.Length)));
        }
    }

    // keepalived splits words on space, tab and the other C isspace() characters.
    private static bool IsBlank(char c) => c is ' ' or '\t' or '\v' or '\f' or '\r' or '\n';
}
