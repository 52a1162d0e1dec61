using System.Globalization;
using System.Text;

namespace Vrrp.Config.Preprocessing;

// $NAME=value definitions, their $NAME / ${NAME} uses and the ${_...} built-ins.
internal sealed partial class KeepalivedPreprocessor
{
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

    private sealed class Definition
    {
        public List<string> Lines { get; } = [];

        public bool Multiline { get; set; }
    }
}
