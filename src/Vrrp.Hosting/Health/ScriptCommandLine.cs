using System.Text;

namespace Vrrp.Hosting.Health;

/// <summary>
/// Splits a keepalived script line (<c>script "/usr/bin/check --port 80"</c>, <c>notify_master</c>, ...) into a
/// program and its arguments, as keepalived does: keepalived 2.x execs scripts itself, without <c>/bin/sh -c</c>, so
/// pipes, redirections and <c>$VARS</c> are not interpreted (write <c>/bin/sh -c '...'</c> for that). Words are
/// separated by spaces or tabs; single quotes keep everything literally; double quotes keep spaces and allow
/// <c>\"</c> and <c>\\</c>; outside quotes a backslash escapes the next character.
/// </summary>
internal static class ScriptCommandLine
{
    /// <summary>Splits <paramref name="commandLine"/>.</summary>
    /// <param name="commandLine">The line as written.</param>
    /// <returns>The program followed by its arguments.</returns>
    /// <exception cref="FormatException">The line is empty or has an unterminated quote.</exception>
    public static IReadOnlyList<string> Split(string commandLine)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        var words = new List<string>();
        var word = new StringBuilder();
        bool inWord = false;
        char quote = '\0';
        for (int i = 0; i < commandLine.Length; i++)
        {
            char c = commandLine[i];
            if (quote == '\'')
            {
                if (c == '\'')
                {
                    quote = '\0';
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (quote == '"')
            {
                if (c == '"')
                {
                    quote = '\0';
                }
                else if (c == '\\' && i + 1 < commandLine.Length && commandLine[i + 1] is '"' or '\\')
                {
                    word.Append(commandLine[++i]);
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (c is ' ' or '\t')
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                inWord = true;
                if (c is '\'' or '"')
                {
                    quote = c;
                }
                else if (c == '\\' && i + 1 < commandLine.Length)
                {
                    word.Append(commandLine[++i]);
                }
                else
                {
                    word.Append(c);
                }
            }
        }

        if (quote != '\0')
        {
            throw new FormatException($"unterminated {(quote == '"' ? "double" : "single")} quote in script '{commandLine}'.");
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        if (words.Count == 0)
        {
            throw new FormatException("the script is empty.");
        }

        return words;
    }
}
