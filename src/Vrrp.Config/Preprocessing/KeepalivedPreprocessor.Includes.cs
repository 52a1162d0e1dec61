using System.Globalization;
using System.Text;
using Vrrp.Config.Diagnostics;
using Vrrp.Config.Syntax;

namespace Vrrp.Config.Preprocessing;

// include lines: glob expansion, cycles, missing files, and reading each file into the line stream.
internal sealed partial class KeepalivedPreprocessor
{
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
}
