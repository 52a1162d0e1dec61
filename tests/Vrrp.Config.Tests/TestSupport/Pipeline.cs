using Vrrp.Config.Preprocessing;

namespace Vrrp.Config.Tests.TestSupport;

/// <summary>Runs the reader's stages one by one, for tests of a single stage.</summary>
internal static class Pipeline
{
    public static (List<SourceLine> Lines, List<ConfigDiagnostic> Diagnostics) Preprocess(string text, KeepalivedConfigReaderOptions? options = null, string path = "test.conf")
    {
        var bag = new DiagnosticBag();
        List<SourceLine> lines = new KeepalivedPreprocessor(options ?? new KeepalivedConfigReaderOptions(), bag).ProcessText(text, path);
        return (lines, bag.ToList());
    }

    public static (List<ConfToken> Tokens, List<ConfigDiagnostic> Diagnostics) Tokenize(string text)
    {
        var bag = new DiagnosticBag();
        List<SourceLine> lines = new KeepalivedPreprocessor(new KeepalivedConfigReaderOptions(), bag).ProcessText(text, "test.conf");
        List<ConfToken> tokens = ConfLexer.Tokenize(lines, bag);
        return (tokens, bag.ToList());
    }

    public static (List<ConfNode> Nodes, List<ConfigDiagnostic> Diagnostics) Parse(string text)
    {
        var bag = new DiagnosticBag();
        List<SourceLine> lines = new KeepalivedPreprocessor(new KeepalivedConfigReaderOptions(), bag).ProcessText(text, "test.conf");
        List<ConfNode> nodes = ConfParser.Parse(ConfLexer.Tokenize(lines, bag), bag);
        return (nodes, bag.ToList());
    }
}
