using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
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
internal sealed class KeepalivedPreprocessor
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

    private void ReadFile(string shown, string full, SourceSpan? includedFrom, bool missingIsError)
    {
        SourceSpan at = includedFrom ?? new SourceSpan(shown, 1, 1);
        int cycleStart = _includeStack.FindIndex(entry => string.Equals(entry.Full, full, StringComparison.Ordinal));
        if (cycleStart >= 0)
        {
            var chain = new StringBuilder();
            for (int k = cycleStart; k < _includeStack.Count; k++)
            {
                chain.Append(_includeStack[k].Shown).Append(" -> ");
            }

            chain.Append(shown);
            _diagnostics.Error(at, ConfigDiagnosticCodes.IncludeCycle, "include cycle: " + chain + "; the file is not read again", "remove one of the includes");
            return;
        }

        if (_includeStack.Count >= _options.MaxIncludeDepth)
        {
            _diagnostics.Error(
                at,
                ConfigDiagnosticCodes.IncludeTooDeep,
                string.Create(CultureInfo.InvariantCulture, $"includes are nested more than {_options.MaxIncludeDepth} levels deep; `{shown}` is not read"));
            return;
        }

        byte[] bytes;
        try
        {
            var info = new FileInfo(full);
            if (Directory.Exists(full))
            {
                if (missingIsError)
                {
                    _diagnostics.Error(at, ConfigDiagnosticCodes.FileUnreadable, $"`{shown}` is a directory, not a configuration file");
                }
                else
                {
                    _diagnostics.Note(at, ConfigDiagnosticCodes.IncludeNotFound, $"`{shown}` is a directory, not a file; it is skipped");
                }

                return;
            }

            if (!info.Exists)
            {
                if (missingIsError)
                {
                    _diagnostics.Error(at, ConfigDiagnosticCodes.FileNotFound, $"configuration file `{shown}` does not exist");
                }
                else
                {
                    _diagnostics.Note(at, ConfigDiagnosticCodes.IncludeNotFound, $"included file `{shown}` does not exist; keepalived skips it");
                }

                return;
            }

            if (info.Length > _options.MaxFileSize)
            {
                _diagnostics.Error(
                    at,
                    ConfigDiagnosticCodes.FileTooLarge,
                    string.Create(CultureInfo.InvariantCulture, $"`{shown}` is {info.Length} bytes, more than the {_options.MaxFileSize} bytes accepted; it is not read"));
                return;
            }

            bytes = File.ReadAllBytes(full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _diagnostics.Error(at, ConfigDiagnosticCodes.FileUnreadable, $"cannot read `{shown}`: {ex.Message}");
            return;
        }

        // Invalid UTF-8 becomes U+FFFD: keepalived reads bytes, so such words end up as unknown keywords either way.
        ProcessContent(Encoding.UTF8.GetString(bytes), shown, full);
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
            if (!_nestingLimitReported)
            {
                _diagnostics.Error(
                    new SourceSpan(file, lineNumber, column),
                    ConfigDiagnosticCodes.ExpansionTooLarge,
                    string.Create(CultureInfo.InvariantCulture, $"definitions or `~SEQ` expand inside each other more than {MaxExpansionNesting} levels deep (a definition that refers to itself?); the rest is ignored"));
                _nestingLimitReported = true;
            }

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

        if (!_generationLimitReported)
        {
            _diagnostics.Error(
                new SourceSpan(file, lineNumber, column),
                ConfigDiagnosticCodes.ExpansionTooLarge,
                string.Create(CultureInfo.InvariantCulture, $"the configuration expands to more than {_options.MaxGeneratedLines} lines; the rest is ignored"));
            _generationLimitReported = true;
        }

        return false;
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

    /// <summary>A line <c>$NAME=value</c> defines NAME; a value ending in <c>\</c> continues on the next lines.</summary>
    private bool TryDefine(string text)
    {
        if (text.Length < 2 || !(char.IsAsciiLetter(text[1]) || text[1] == '_'))
        {
            return false;
        }

        int i = 2;
        while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
        {
            i++;
        }

        string name = text[1..i];
        while (i < text.Length && text[i] is ' ' or '\t')
        {
            i++;
        }

        if (i >= text.Length || text[i] != '=')
        {
            return false;
        }

        string value = text[(i + 1)..].TrimStart(' ', '\t');
        var definition = new Definition();
        if (value.EndsWith('\\'))
        {
            value = value[..^1].TrimEnd(' ', '\t');
            definition.Multiline = true;
            if (value.Length > 0)
            {
                definition.Lines.Add(value);
            }

            _collecting = definition;
        }
        else
        {
            definition.Lines.Add(value);
        }

        _definitions[name] = definition;
        return true;
    }

    /// <summary>Replaces <c>$NAME</c> and <c>${NAME}</c> uses; unknown names are left as written, as keepalived does.</summary>
    private bool Expand(string text, string file, out string result, ref List<string>? extraLines)
    {
        var builder = new StringBuilder(text.Length + 16);
        bool changed = false;
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (c != '$' || i + 1 >= text.Length)
            {
                builder.Append(c);
                i++;
                continue;
            }

            if (TryResolve(text, i, file, out int consumed, out IReadOnlyList<string>? value))
            {
                changed = true;
                if (value.Count > 0)
                {
                    builder.Append(value[0]);
                }

                if (value.Count > 1)
                {
                    extraLines ??= [];
                    for (int k = 1; k < value.Count; k++)
                    {
                        extraLines.Add(value[k]);
                    }
                }

                i += consumed;
                if (builder.Length > MaxLineLength)
                {
                    break;
                }

                continue;
            }

            builder.Append(c);
            i++;
        }

        result = builder.ToString();
        return changed;
    }

    private bool TryResolve(string text, int dollar, string file, out int consumed, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IReadOnlyList<string>? value)
    {
        consumed = 0;
        value = null;
        bool braces = text[dollar + 1] == '{';
        int nameStart = dollar + (braces ? 2 : 1);
        if (nameStart >= text.Length || !(char.IsAsciiLetter(text[nameStart]) || text[nameStart] == '_'))
        {
            return false;
        }

        int nameEnd = nameStart + 1;
        while (nameEnd < text.Length && (char.IsAsciiLetterOrDigit(text[nameEnd]) || text[nameEnd] == '_'))
        {
            nameEnd++;
        }

        string name = text[nameStart..nameEnd];
        string parameters = string.Empty;
        if (braces)
        {
            int close = text.IndexOf('}', nameEnd);
            if (close < 0)
            {
                return false;
            }

            parameters = text[nameEnd..close].Trim();
            if (parameters.Length > 0 && text[nameEnd] != ' ')
            {
                return false;
            }

            consumed = close + 1 - dollar;
        }
        else
        {
            if (nameEnd < text.Length && text[nameEnd] is not (' ' or '\t' or ',' or ')'))
            {
                return false;
            }

            consumed = nameEnd - dollar;
        }

        bool atEndOfLine = dollar + consumed == text.Length;
        if (_definitions.TryGetValue(name, out Definition? definition))
        {
            // keepalived expands a multi-line definition only where it ends the line.
            if (parameters.Length > 0 || (definition.Multiline && definition.Lines.Count > 1 && !atEndOfLine))
            {
                return false;
            }

            value = definition.Lines;
            return true;
        }

        string? builtIn = name switch
        {
            "_INSTANCE" when parameters.Length == 0 => _configId,
            "_PWD" when parameters.Length == 0 => CurrentDirectory(file),
            "_HASH" when parameters.Length == 0 => "#",
            "_BANG" when parameters.Length == 0 => "!",
            "_RANDOM" => Random(parameters),
            "_ENV" when braces && parameters.Length > 0 => _options.LookupEnvironment(parameters) ?? string.Empty,
            _ => null,
        };
        if (builtIn is null)
        {
            return false;
        }

        value = [builtIn];
        return true;
    }

    private static string CurrentDirectory(string file)
    {
        string? directory = Path.GetDirectoryName(Path.GetFullPath(file));
        return string.IsNullOrEmpty(directory) ? Directory.GetCurrentDirectory() : directory;
    }

    private static string? Random(string parameters)
    {
        long min = 0;
        long max = 32767;
        string[] parts = parameters.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length > 2 ||
            (parts.Length >= 1 && !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out min)) ||
            (parts.Length == 2 && !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out max)))
        {
            return null;
        }

        if (parts.Length == 1)
        {
            (min, max) = (0, min);
        }

        return max < min ? null : System.Random.Shared.NextInt64(min, max + 1).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary><c>~SEQ(var, end)</c>, <c>~SEQ(var, start, end)</c> or <c>~SEQ(var, start, step, end)</c> repeats the rest of the line; <c>~SEQx</c> gives hexadecimal values.</summary>
    private void Sequence(string text, string file, int lineNumber, int column, int depth)
    {
        var at = new SourceSpan(file, lineNumber, column);
        if (depth >= MaxSequenceNesting)
        {
            _diagnostics.Error(at, ConfigDiagnosticCodes.ExpansionTooLarge, string.Create(CultureInfo.InvariantCulture, $"`~SEQ` is nested more than {MaxSequenceNesting} deep"));
            return;
        }

        int i = 4;
        bool hex = i < text.Length && text[i] == 'x';
        if (hex)
        {
            i++;
        }

        while (i < text.Length && text[i] is ' ' or '\t')
        {
            i++;
        }

        int close = text.IndexOf(')', i);
        if (i >= text.Length || text[i] != '(' || close < 0)
        {
            ReportBadSequence(at, text);
            return;
        }

        string inside = text[(i + 1)..close];
        List<string>? ignored = null;
        if (inside.Contains('$', StringComparison.Ordinal) && Expand(inside, file, out string expandedInside, ref ignored))
        {
            inside = expandedInside;
        }

        string[] parts = inside.Split(',');
        string variable = parts[0].Trim();
        if (variable.Length == 0 || parts.Length < 2 || parts.Length > 4 || variable.AsSpan().IndexOfAny(" \t") >= 0)
        {
            ReportBadSequence(at, text);
            return;
        }

        var numbers = new long[parts.Length - 1];
        for (int k = 1; k < parts.Length; k++)
        {
            if (!TryParseCNumber(parts[k].Trim(), out numbers[k - 1]))
            {
                ReportBadSequence(at, text);
                return;
            }
        }

        long start;
        long step;
        long last;
        switch (numbers.Length)
        {
            case 1:
                last = numbers[0];
                step = last < 1 ? -1 : 1;
                start = last < 0 ? -1 : 1;
                break;
            case 2:
                start = numbers[0];
                last = numbers[1];
                step = start <= last ? 1 : -1;
                break;
            default:
                start = numbers[0];
                step = numbers[1];
                last = numbers[2];
                if (step == 0 || (start < last && step < 0) || (start > last && step > 0))
                {
                    _diagnostics.Warning(at, ConfigDiagnosticCodes.InvalidSequence, $"`~SEQ` values never reach the end: `{text[..(close + 1)]}`; the line is ignored");
                    return;
                }

                break;
        }

        if (hex && (start < 0 || last < 0))
        {
            _diagnostics.Warning(at, ConfigDiagnosticCodes.InvalidSequence, "`~SEQx` only takes positive numbers; the line is ignored");
            return;
        }

        string body = text[(close + 1)..].TrimStart(' ', '\t');
        int bodyColumn = column + (text.Length - body.Length);
        for (long value = start; step > 0 ? value <= last : value >= last; value += step)
        {
            var definition = new Definition();
            definition.Lines.Add(hex ? value.ToString("x", CultureInfo.InvariantCulture) : value.ToString(CultureInfo.InvariantCulture));
            _definitions[variable] = definition;
            if (body.Length > 0)
            {
                ProcessLogicalLine(body, file, lineNumber, bodyColumn, expanded: true, depth + 1);
            }

            if (_generationLimitReported)
            {
                return;
            }
        }
    }

    private void ReportBadSequence(SourceSpan at, string text) =>
        _diagnostics.Warning(at, ConfigDiagnosticCodes.InvalidSequence, $"invalid `~SEQ`: `{Shorten(text)}`; the line is ignored", "write `~SEQ(NAME, START, STEP, END) text`");

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "...";

    // strtol(..., 0): decimal, 0x hexadecimal, leading 0 octal, optional sign.
    private static bool TryParseCNumber(string text, out long value)
    {
        value = 0;
        bool negative = text.StartsWith('-');
        string digits = negative || text.StartsWith('+') ? text[1..] : text;
        bool ok;
        if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            ok = long.TryParse(digits.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        }
        else if (digits.Length > 1 && digits[0] == '0')
        {
            ok = true;
            foreach (char c in digits)
            {
                if (c is < '0' or > '7' || value > long.MaxValue / 8)
                {
                    ok = false;
                    break;
                }

                value = (value * 8) + (c - '0');
            }
        }
        else
        {
            ok = long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        }

        if (negative)
        {
            value = -value;
        }

        return ok && digits.Length > 0;
    }

    private static bool IsInclude(string text, out bool plain, out string pattern)
    {
        plain = true;
        pattern = string.Empty;
        if (!text.StartsWith("include", StringComparison.Ordinal) || text.Length < 8)
        {
            return false;
        }

        int rest;
        if (text[7] is ' ' or '\t')
        {
            rest = 8;
        }
        else if (text.Length > 8 && "rmwba".Contains(text[7], StringComparison.Ordinal) && text[8] is ' ' or '\t')
        {
            plain = false;
            rest = 9;
        }
        else
        {
            return false;
        }

        pattern = text[rest..].Trim(' ', '\t');
        return true;
    }

    private void Include(string pattern, bool plain, SourceSpan at)
    {
        if (pattern.Length == 0)
        {
            _diagnostics.Warning(at, ConfigDiagnosticCodes.MissingArgument, "`include` needs a file name or a glob pattern");
            return;
        }

        string includingShown = at.File;
        string includingFull = _includeStack.Count > 0 ? _includeStack[^1].Full : Path.GetFullPath(includingShown);
        string baseDirectory = Path.GetDirectoryName(includingFull) ?? Directory.GetCurrentDirectory();
        string shownDirectory = Path.GetDirectoryName(includingShown) ?? string.Empty;

        if (!IncludeGlob.HasWildcards(pattern))
        {
            string full = Path.GetFullPath(Path.Combine(baseDirectory, pattern));
            string shown = Path.IsPathRooted(pattern) ? pattern : Path.Combine(shownDirectory, pattern);
            ReadIncluded(shown, full, at, plain);
            return;
        }

        List<(string Path, string FullPath)> matches = IncludeGlob.Match(baseDirectory, pattern);
        if (matches.Count == 0)
        {
            _diagnostics.Note(at, ConfigDiagnosticCodes.IncludeNotFound, $"`include {pattern}` matches no file");
            return;
        }

        foreach ((string path, string full) in matches)
        {
            string shown = Path.IsPathRooted(path) ? path : Path.Combine(shownDirectory, path);
            ReadIncluded(shown, full, at, plain);
        }
    }

    private void ReadIncluded(string shown, string full, SourceSpan at, bool plain)
    {
        // Plain `include` never fails on a missing file; the checked variants (includer, ...) warn.
        if (!plain && !File.Exists(full))
        {
            _diagnostics.Warning(at, ConfigDiagnosticCodes.IncludeNotFound, $"included file `{shown}` does not exist");
            return;
        }

        ReadFile(shown, full, at, missingIsError: false);
    }

    private sealed class Definition
    {
        public List<string> Lines { get; } = [];

        public bool Multiline { get; set; }
    }
}
