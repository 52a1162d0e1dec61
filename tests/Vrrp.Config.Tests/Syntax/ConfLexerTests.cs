using Vrrp.Config.Tests.TestSupport;

namespace Vrrp.Config.Tests.Syntax;

public sealed class ConfLexerTests
{
    [Fact]
    public void Tokenize_QuotedStringWithBlanks_IsOneWordWithoutQuotes()
    {
        (List<ConfToken> tokens, _) = Pipeline.Tokenize("script \"killall -0 haproxy\"\n");

        tokens.Where(t => t.Kind == ConfTokenKind.Word).Select(t => t.Text).Should().Equal("script", "killall -0 haproxy");
        tokens[1].IsQuoted.Should().BeTrue();
        tokens[0].IsQuoted.Should().BeFalse();
    }

    [Fact]
    public void Tokenize_BracesInsideAWord_StandAlone()
    {
        // keepalived splits a line at every brace outside quotes.
        (List<ConfToken> tokens, _) = Pipeline.Tokenize("a{b}c \"{x}\"\n");

        tokens.Select(t => t.Kind).Should().Equal(
            ConfTokenKind.Word, ConfTokenKind.OpenBrace, ConfTokenKind.Word, ConfTokenKind.CloseBrace, ConfTokenKind.Word, ConfTokenKind.Word, ConfTokenKind.EndOfLine);
        tokens[5].Text.Should().Be("{x}");
    }

    [Fact]
    public void Tokenize_RecordsFileLineAndColumnOfEveryToken()
    {
        (List<ConfToken> tokens, _) = Pipeline.Tokenize("vrrp_instance VI_1 {\n\n    priority   100\n}\n");

        tokens.Where(t => t.Kind != ConfTokenKind.EndOfLine).Select(t => t.Span.ToString()).Should().Equal(
            "test.conf:1:1", "test.conf:1:15", "test.conf:1:20", "test.conf:3:5", "test.conf:3:16", "test.conf:4:1");
    }

    [Fact]
    public void Tokenize_UnterminatedQuote_WarnsAtTheQuoteAndKeepsTheRestOfTheLine()
    {
        (List<ConfToken> tokens, List<ConfigDiagnostic> diagnostics) = Pipeline.Tokenize("notify_master \"/bin/true master\n");

        tokens[1].Text.Should().Be("/bin/true master");
        diagnostics.Should().ContainSingle(d => d.Code == ConfigDiagnosticCodes.UnterminatedQuote)
            .Which.Span!.Value.ToString().Should().Be("test.conf:1:15");
    }

    [Fact]
    public void Tokenize_BlankLinesAndComments_ProduceNoTokens()
    {
        (List<ConfToken> tokens, _) = Pipeline.Tokenize("\n   \n# comment\n! other comment\n");

        tokens.Should().BeEmpty();
    }
}
