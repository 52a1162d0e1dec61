using System.Globalization;
using System.Text;
using Vrrp.Config.Diagnostics;
using Vrrp.Config.Syntax;

namespace Vrrp.Config.Preprocessing;

/// <summary>
/// keepalived's line-level preprocessing, done before tokenising as keepalived's <c>read_line</c> does:
/// comments (<c>#</c>, <c>!</c>, kept inside double quotes, <c>\#</c> escapes), <c>@id</c> / <c>@^id</c> conditional
/// lines, <c>$NAME=value</c> definitions (multi-line with a trailing <c>\</c>) and their <c>$NAME</c> / <c>${NAME}</c>
/// uses, the built-ins <c>${_INSTANCE}</c>, <c>${_PWD}</c>, <c>${_HASH}</c>, <c>${_BANG}</c>, <c>${_RANDOM}</c>,
/// <c>${_ENV NAME}</c>, <c>~SEQ(var, start, step, end)</c> line generators and <c>include</c> globs. Every output line
/// remembers its file, line and column.
/// </summary>
internal sealed partial class KeepalivedPreprocessor
{
    private const int MaxExpansionPasses = 32;
    private const int MaxLineLength = 1024 * 1024;
    private const int MaxSequenceNesting = 8;
    private const int MaxExpansionNesting = 16;

    private readonly KeepalivedConfigReaderOptions _options;
    private readonly DiagnosticBag _diagnostics;
    private readonly Dictionary<string, Definition> _definitions = new(StringComparer.Ordinal);
    private readonly List<SourceLine> _output = [];
    private readonly List<(string Full, string Shown)> _includeStack = [];
    private readonly List<string> _files = [];
    private readonly string _configId;
    private Definition? _collecting;
    private int _generatedLines;
    private bool _generationLimitReported;
    private bool _nestingLimitReported;

    public KeepalivedPreprocessor(KeepalivedConfigReaderOptions options, DiagnosticBag diagnostics)
    {
        _options = options;
        _diagnostics = diagnostics;
        _configId = options.EffectiveConfigId;
    }

    /// <summary>Gets every file that was read, the root first.</summary>
    public IReadOnlyList<string> Files => _files;

    public List<SourceLine> ProcessFile(string path)
    {
        ReadFile(path, Path.GetFullPath(path), includedFrom: null, missingIsError: true);
        return _output;
    }

    public List<SourceLine> ProcessText(string text, string path)
    {
        ProcessContent(text, path, Path.GetFullPath(path));
        return _output;
    }

    private void ProcessContent(string text, string shown, string full)
    {
        _files.Add(shown);
        _includeStack.Add((full, shown));
        bool reportedNul = false;
        int lineNumber = 0;
        int position = 0;
        while (position <= text.Length)
        {
            int end = text.IndexOf('\n', position);
            if (end < 0)
            {
                end = text.Length;
                if (position == end)
                {
                    break;
                }
            }

            lineNumber++;
            string raw = text[position..end];
            position = end + 1;
            raw = raw.TrimEnd('\r');
            int nul = raw.IndexOf('\0', StringComparison.Ordinal);
            if (nul >= 0)
            {
                // keepalived's C strings stop at the first NUL, so the rest of the line is lost; it reports nothing.
                if (!reportedNul)
                {
                    _diagnostics.Note(new SourceSpan(shown, lineNumber, nul + 1), ConfigDiagnosticCodes.BinaryContent, "the file contains NUL bytes (is it a binary file?); text after a NUL on a line is ignored");
                    reportedNul = true;
                }

                raw = raw[..nul];
            }

            ProcessPhysicalLine(raw, shown, lineNumber);
        }

        _collecting = null;
        _includeStack.RemoveAt(_includeStack.Count - 1);
    }

    private void ProcessPhysicalLine(string raw, string file, int lineNumber)
    {
        if (raw.Length == 0)
        {
            _collecting = null;
            return;
        }

        (string text, int column, bool continued) = Decomment(raw);
        if (_collecting is { } definition)
        {
            if (text.Length > 0 || !continued)
            {
                definition.Lines.Add(text);
            }

            if (!continued)
            {
                _collecting = null;
            }

            return;
        }

        if (text.Length == 0)
        {
            return;
        }

        if (continued)
        {
            text += "\\";
        }

        ProcessLogicalLine(text, file, lineNumber, column, expanded: false, sequenceDepth: 0);
    }

    private void ProcessLogicalLine(string text, string file, int lineNumber, int column, bool expanded, int sequenceDepth)
    {
        // Multi-line definitions and ~SEQ re-enter here for the lines they produce; a definition that produces
        // itself would recurse for ever.
        if (sequenceDepth > MaxExpansionNesting)
        {
            ReportLimitOnce(ref _nestingLimitReported, new SourceSpan(file, lineNumber, column), string.Create(CultureInfo.InvariantCulture, $"definitions or `~SEQ` expand inside each other more than {MaxExpansionNesting} levels deep (a definition that refers to itself?); the rest is ignored"));

            return;
        }

        List<string>? extraLines = null;
        for (int pass = 0; ; pass++)
        {
            if (pass == MaxExpansionPasses)
            {
                _diagnostics.Error(new SourceSpan(file, lineNumber, column), ConfigDiagnosticCodes.ExpansionTooLarge, "expanding definitions on this line does not end (a definition refers to itself?); the line is ignored");
                return;
            }

            // Only expansion can make a line grow; a long line as written is read as it is.
            if (pass > 0 && text.Length > MaxLineLength)
            {
                _diagnostics.Error(
                    new SourceSpan(file, lineNumber, column),
                    ConfigDiagnosticCodes.ExpansionTooLarge,
                    string.Create(CultureInfo.InvariantCulture, $"expanding definitions makes this line longer than {MaxLineLength} characters; the line is ignored"));
                return;
            }

            if (text.StartsWith('@'))
            {
                bool negate = text.Length > 1 && text[1] == '^';
                int idStart = negate ? 2 : 1;
                int blank = text.AsSpan(idStart).IndexOfAny(' ', '\t');
                if (blank < 0)
                {
                    return;
                }

                bool match = text.AsSpan(idStart, blank).SequenceEqual(_configId);
                if (match == negate)
                {
                    return;
                }

                int rest = idStart + blank;
                while (rest < text.Length && text[rest] is ' ' or '\t')
                {
                    rest++;
                }

                text = text[rest..];
                column += rest;
                if (text.Length == 0)
                {
                    return;
                }
            }

            if (text.StartsWith('$') && TryDefine(text))
            {
                return;
            }

            if (text.StartsWith("~SEQ", StringComparison.Ordinal))
            {
                Sequence(text, file, lineNumber, column, sequenceDepth);
                return;
            }

            if (text.StartsWith("~LST", StringComparison.Ordinal))
            {
                _diagnostics.Warning(new SourceSpan(file, lineNumber, column), ConfigDiagnosticCodes.UnsupportedDirective, "`~LST` is not supported by Vrrp yet; the line is ignored", "write the lines out, or use `~SEQ`");
                return;
            }

            if (text.StartsWith('~') || !text.Contains('$', StringComparison.Ordinal))
            {
                break;
            }

            if (!Expand(text, file, out string replaced, ref extraLines))
            {
                break;
            }

            expanded = true;
            (text, _, bool continued) = Decomment(replaced);
            if (continued)
            {
                text += "\\";
            }

            if (text.Length == 0)
            {
                return;
            }

            if (!text.StartsWith('@') && !text.Contains('$', StringComparison.Ordinal))
            {
                break;
            }
        }

        if (!CountGeneratedLine(file, lineNumber, column))
        {
            return;
        }

        if (IsInclude(text, out bool plain, out string pattern))
        {
            Include(pattern, plain, new SourceSpan(file, lineNumber, column));
        }
        else
        {
            _output.Add(new SourceLine(text, file, lineNumber, column, expanded));
        }

        if (extraLines is not null)
        {
            foreach (string extra in extraLines)
            {
                (string extraText, _, bool continued) = Decomment(extra);
                if (extraText.Length > 0)
                {
                    ProcessLogicalLine(continued ? extraText + "\\" : extraText, file, lineNumber, column, expanded: true, sequenceDepth + 1);
                }
            }
        }
    }

    private bool CountGeneratedLine(string file, int lineNumber, int column)
    {
        if (++_generatedLines <= _options.MaxGeneratedLines)
        {
            return true;
        }

        ReportLimitOnce(ref _generationLimitReported, new SourceSpan(file, lineNumber, column), string.Create(CultureInfo.InvariantCulture, $"the configuration expands to more than {_options.MaxGeneratedLines} lines; the rest is ignored"));
        return false;
    }

    // A limit that is hit is reported at its first place only: the lines after it would repeat the same error.
    private void ReportLimitOnce(ref bool reported, SourceSpan at, string message)
    {
        if (!reported)
        {
            _diagnostics.Error(at, ConfigDiagnosticCodes.ExpansionTooLarge, message);
            reported = true;
        }
    }

    /// <summary>Removes leading blanks and comments as keepalived's <c>decomment</c> does; reports a trailing <c>\</c>.</summary>
    internal static (string Text, int Column, bool Continued) Decomment(string line)
    {
        int start = 0;
        while (start < line.Length && line[start] is ' ' or '\t')
        {
            start++;
        }

        StringBuilder? builder = null;
        bool quote = false;
        bool continued = false;
        int i = start;
        int copiedUpTo = start;
        int end = line.Length;
        while (i < line.Length)
        {
            char c = line[i];
            if (c == '"')
            {
                quote = !quote;
                i++;
                continue;
            }

            if (c == '\\')
            {
                if (i + 1 < line.Length)
                {
                    if (!quote && line[i + 1] is '#' or '!')
                    {
                        // "\#" outside quotes is a literal '#': drop the backslash.
                        builder ??= new StringBuilder(line.Length);
                        builder.Append(line, copiedUpTo, i - copiedUpTo);
                        copiedUpTo = i + 1;
                    }

                    i += 2;
                    continue;
                }

                continued = true;
                end = i;
                break;
            }

            if (!quote && c is '#' or '!')
            {
                end = i;
                break;
            }

            i++;
        }

        string text;
        if (builder is null)
        {
            text = line[start..end];
        }
        else
        {
            builder.Append(line, copiedUpTo, end - copiedUpTo);
            text = builder.ToString();
        }

        return (text.TrimEnd(' ', '\t'), start + 1, continued);
    }
}
