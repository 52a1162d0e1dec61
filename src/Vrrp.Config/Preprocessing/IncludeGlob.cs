namespace Vrrp.Config.Preprocessing;

/// <summary>
/// Expands an <c>include</c> pattern as glob(3) with GLOB_BRACE does: <c>*</c>, <c>?</c>, <c>[...]</c> and <c>{a,b}</c>,
/// relative to the including file's directory. Only regular files are returned, sorted within each brace alternative.
/// </summary>
internal static class IncludeGlob
{
    private const int MaxAlternatives = 256;
    private const int MaxMatches = 4096;
    private const int MaxSegments = 128;

    public static bool HasWildcards(string pattern) => pattern.AsSpan().IndexOfAny("*?[{") >= 0;

    /// <summary>Returns the matching files as (path relative to <paramref name="baseDirectory"/> or absolute, full path).</summary>
    public static List<(string Path, string FullPath)> Match(string baseDirectory, string pattern)
    {
        var results = new List<(string, string)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string alternative in ExpandBraces(pattern))
        {
            var matches = new List<(string, string)>();
            bool absolute = alternative.StartsWith('/');
            string[] segments = alternative.Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (segments.Length == 0 || segments.Length > MaxSegments)
            {
                // Walk recurses once per segment; no real path is this deep.
                continue;
            }

            Walk(absolute ? "/" : baseDirectory, absolute ? "/" : string.Empty, segments, 0, matches);
            matches.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
            foreach ((string path, string full) in matches)
            {
                if (seen.Add(full) && results.Count < MaxMatches)
                {
                    results.Add((path, full));
                }
            }
        }

        return results;
    }

    private static void Walk(string directory, string shown, string[] segments, int index, List<(string, string)> matches)
    {
        if (matches.Count >= MaxMatches)
        {
            return;
        }

        string segment = segments[index];
        bool last = index == segments.Length - 1;
        if (segment.AsSpan().IndexOfAny("*?[") < 0)
        {
            string literal = Unescape(segment);
            Visit(Path.Combine(directory, literal), Combine(shown, literal), segments, index, last, matches);
            return;
        }

        IEnumerable<string> entries;
        try
        {
            if (!Directory.Exists(directory))
            {
                return;
            }

            entries = Directory.EnumerateFileSystemEntries(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return;
        }

        var names = new List<string>();
        foreach (string entry in entries)
        {
            string name = Path.GetFileName(entry);
            if (name.StartsWith('.') && !segment.StartsWith('.'))
            {
                continue;
            }

            if (SegmentMatches(segment, name))
            {
                names.Add(name);
            }
        }

        names.Sort(StringComparer.Ordinal);
        foreach (string name in names)
        {
            Visit(Path.Combine(directory, name), Combine(shown, name), segments, index, last, matches);
        }
    }

    private static void Visit(string path, string shown, string[] segments, int index, bool last, List<(string, string)> matches)
    {
        if (last)
        {
            if (File.Exists(path))
            {
                matches.Add((shown, Path.GetFullPath(path)));
            }
        }
        else if (Directory.Exists(path))
        {
            Walk(path, shown, segments, index + 1, matches);
        }
    }

    private static string Combine(string shown, string name) =>
        shown.Length == 0 ? name : shown.EndsWith('/') ? shown + name : shown + "/" + name;

    private static string Unescape(string segment) => segment.Contains('\\', StringComparison.Ordinal) ? segment.Replace("\\", string.Empty, StringComparison.Ordinal) : segment;

    /// <summary>fnmatch(3) for one path segment: <c>*</c>, <c>?</c>, <c>[...]</c> (with <c>!</c>/<c>^</c> and ranges), <c>\</c> escapes.</summary>
    internal static bool SegmentMatches(string pattern, string name)
    {
        int p = 0;
        int n = 0;
        int starP = -1;
        int starN = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length)
            {
                char c = pattern[p];
                if (c == '*')
                {
                    starP = p++;
                    starN = n;
                    continue;
                }

                if (c == '?')
                {
                    p++;
                    n++;
                    continue;
                }

                if (c == '[' && TryMatchClass(pattern, p, name[n], out int next, out bool matched))
                {
                    if (matched)
                    {
                        p = next;
                        n++;
                        continue;
                    }
                }
                else
                {
                    if (c == '\\' && p + 1 < pattern.Length)
                    {
                        c = pattern[++p];
                    }

                    if (c == name[n])
                    {
                        p++;
                        n++;
                        continue;
                    }
                }
            }

            if (starP < 0)
            {
                return false;
            }

            p = starP + 1;
            n = ++starN;
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    private static bool TryMatchClass(string pattern, int open, char c, out int next, out bool matched)
    {
        int i = open + 1;
        bool negate = i < pattern.Length && (pattern[i] == '!' || pattern[i] == '^');
        if (negate)
        {
            i++;
        }

        matched = false;
        bool first = true;
        while (i < pattern.Length && (pattern[i] != ']' || first))
        {
            first = false;
            char low = pattern[i];
            char high = low;
            if (i + 2 < pattern.Length && pattern[i + 1] == '-' && pattern[i + 2] != ']')
            {
                high = pattern[i + 2];
                i += 2;
            }

            if (c >= low && c <= high)
            {
                matched = true;
            }

            i++;
        }

        if (i >= pattern.Length)
        {
            // No closing ']': the '[' is an ordinary character.
            next = open;
            matched = false;
            return false;
        }

        next = i + 1;
        matched ^= negate;
        return true;
    }

    /// <summary>csh-style brace expansion: <c>a{b,c}d</c> gives <c>abd</c> and <c>acd</c>; nested braces work.</summary>
    internal static List<string> ExpandBraces(string pattern)
    {
        var done = new List<string>();
        var work = new Stack<string>();
        work.Push(pattern);
        while (work.Count > 0 && done.Count < MaxAlternatives)
        {
            string item = work.Pop();
            int open = FindBraceGroup(item, out int close, out List<int> commas);
            if (open < 0)
            {
                done.Add(item);
                continue;
            }

            string prefix = item[..open];
            string suffix = item[(close + 1)..];
            var parts = new List<string>();
            int start = open + 1;
            foreach (int comma in commas)
            {
                parts.Add(item[start..comma]);
                start = comma + 1;
            }

            parts.Add(item[start..close]);
            for (int k = parts.Count - 1; k >= 0; k--)
            {
                work.Push(prefix + parts[k] + suffix);
            }
        }

        return done;
    }

    private static int FindBraceGroup(string text, out int close, out List<int> commas)
    {
        commas = [];
        close = -1;
        for (int open = 0; open < text.Length; open++)
        {
            if (text[open] != '{')
            {
                continue;
            }

            int depth = 0;
            var found = new List<int>();
            for (int i = open; i < text.Length; i++)
            {
                if (text[i] == '{')
                {
                    depth++;
                }
                else if (text[i] == '}')
                {
                    if (--depth == 0)
                    {
                        if (found.Count > 0)
                        {
                            close = i;
                            commas = found;
                            return open;
                        }

                        break;
                    }
                }
                else if (text[i] == ',' && depth == 1)
                {
                    found.Add(i);
                }
            }
        }

        return -1;
    }
}
