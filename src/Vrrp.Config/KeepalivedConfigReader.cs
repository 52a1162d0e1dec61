using Vrrp.Config.Binding;
using Vrrp.Config.Diagnostics;
using Vrrp.Config.Options;
using Vrrp.Config.Preprocessing;
using Vrrp.Config.Syntax;
using Vrrp.Config.Validation;

namespace Vrrp.Config;

/// <summary>
/// Reads a keepalived.conf into <see cref="VrrpOptions"/>, as keepalived 2.2.7 reads it: preprocessing (includes,
/// definitions, <c>~SEQ</c>, <c>@id</c> lines), statements and blocks, keyword binding with keepalived's corrections,
/// validation, and optionally checks against the host. It never throws on the content of the files: every problem
/// is a <see cref="ConfigDiagnostic"/> with its file, line and column.
/// </summary>
public static class KeepalivedConfigReader
{
    /// <summary>Reads a configuration file and the files it includes.</summary>
    /// <param name="path">The configuration file, for example <c>/etc/keepalived/keepalived.conf</c>.</param>
    /// <param name="options">Reader settings, or <see langword="null"/> for the defaults.</param>
    /// <returns>The options and the problems found.</returns>
    public static KeepalivedConfigResult Read(string path, KeepalivedConfigReaderOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new KeepalivedConfigReaderOptions();
        var diagnostics = new DiagnosticBag();
        var preprocessor = new KeepalivedPreprocessor(options, diagnostics);
        List<SourceLine> lines = preprocessor.ProcessFile(path);
        return Finish(lines, preprocessor, options, diagnostics);
    }

    /// <summary>Reads configuration text; <c>include</c> lines are resolved relative to <paramref name="path"/>'s directory.</summary>
    /// <param name="text">The configuration text.</param>
    /// <param name="path">The name used in diagnostics, and the base for relative includes.</param>
    /// <param name="options">Reader settings, or <see langword="null"/> for the defaults.</param>
    /// <returns>The options and the problems found.</returns>
    public static KeepalivedConfigResult ReadText(string text, string path = "keepalived.conf", KeepalivedConfigReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new KeepalivedConfigReaderOptions();
        var diagnostics = new DiagnosticBag();
        var preprocessor = new KeepalivedPreprocessor(options, diagnostics);
        List<SourceLine> lines = preprocessor.ProcessText(text, path);
        return Finish(lines, preprocessor, options, diagnostics);
    }

    private static KeepalivedConfigResult Finish(List<SourceLine> lines, KeepalivedPreprocessor preprocessor, KeepalivedConfigReaderOptions options, DiagnosticBag diagnostics)
    {
        List<ConfToken> tokens = ConfLexer.Tokenize(lines, diagnostics);
        List<ConfNode> syntax = ConfParser.Parse(tokens, diagnostics);
        var sourceMap = new Dictionary<string, SourceSpan>(StringComparer.Ordinal);
        VrrpOptions vrrp = new KeepalivedBinder(diagnostics, sourceMap).Bind(syntax);
        ValidatedVrrpOptions validated = VrrpOptionsValidator.Check(vrrp, null, sourceMap);
        foreach (ConfigDiagnostic problem in validated.Diagnostics)
        {
            diagnostics.Add(problem with { Span = Locate(sourceMap, problem.OptionPath) });
        }

        if (options.Host is { } host)
        {
            HostChecks.Run(vrrp, host, sourceMap, diagnostics);
        }

        List<ConfigDiagnostic> list = diagnostics.ToList();
        SortByPosition(list, preprocessor.Files);
        return new KeepalivedConfigResult(validated, list, [.. preprocessor.Files], sourceMap, syntax);
    }

    /// <summary>Finds the span of an option path, or of the nearest enclosing option that has one.</summary>
    internal static SourceSpan? Locate(IReadOnlyDictionary<string, SourceSpan> sourceMap, string? path) =>
        OptionSources.TryLocate(sourceMap, path, out SourceSpan span) ? span : null;

    private static void SortByPosition(List<ConfigDiagnostic> list, IReadOnlyList<string> files)
    {
        var fileOrder = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < files.Count; i++)
        {
            fileOrder.TryAdd(files[i], i);
        }

        // A stable sort: problems at the same place keep the order they were found in.
        var indexed = new List<(ConfigDiagnostic Diagnostic, int Index)>(list.Count);
        for (int i = 0; i < list.Count; i++)
        {
            indexed.Add((list[i], i));
        }

        indexed.Sort((a, b) =>
        {
            int c = Key(a.Diagnostic).CompareTo(Key(b.Diagnostic));
            return c != 0 ? c : a.Index.CompareTo(b.Index);
        });
        for (int i = 0; i < list.Count; i++)
        {
            list[i] = indexed[i].Diagnostic;
        }

        (int File, int Line, int Column) Key(ConfigDiagnostic diagnostic) => diagnostic.Span is { } span
            ? (fileOrder.TryGetValue(span.File, out int order) ? order : files.Count, span.Line, span.Column)
            : (int.MaxValue, 0, 0);
    }
}
