namespace Vrrp.Cli.Keepalived;

/// <summary>
/// Reads keepalived's argv the way its getopt_long call does: short options clustered (<c>-nlD</c>) with an attached or
/// separate value (<c>-fFILE</c>, <c>-f FILE</c>), long options with <c>=VALUE</c> or the next word, unambiguous
/// abbreviations of long names, optional values only when attached (<c>-tLOG</c>, <c>--config-test=LOG</c>), and an
/// empty required value refused. keepalived only warns about words that are not options and carries on; vrrp refuses
/// them, since such a word is usually a file meant for <c>-f</c>. After <c>--</c> come vrrp's own <c>vrrp run</c> flags
/// (<c>-- --status-file none</c>), which keepalived has no spelling for.
/// </summary>
internal static class KeepalivedArgumentParser
{
    /// <summary>
    /// Parses <paramref name="arguments"/> into the options given and the words after <c>--</c>
    /// (<paramref name="runFlags"/>); on failure <paramref name="error"/> says what is wrong, naming the option.
    /// </summary>
    public static bool TryParse(IReadOnlyList<string> arguments, out List<KeepalivedOptionUse> uses, out string[] runFlags, out string? error)
    {
        uses = [];
        runFlags = [];
        error = null;
        for (int index = 0; index < arguments.Count; index++)
        {
            string argument = arguments[index];
            if (argument == "--")
            {
                runFlags = [.. arguments.Skip(index + 1)];
                return true;
            }

            error = argument switch
            {
                _ when argument.StartsWith("--", StringComparison.Ordinal) => ReadLong(arguments, ref index, uses),
                _ when argument.Length > 1 && argument[0] == '-' => ReadShortCluster(arguments, ref index, uses),
                _ => Unexpected(argument),
            };
            if (error is not null)
            {
                return false;
            }
        }

        return true;
    }

    private static string? ReadLong(IReadOnlyList<string> arguments, ref int index, List<KeepalivedOptionUse> uses)
    {
        string text = arguments[index][2..];
        int equals = text.IndexOf('=', StringComparison.Ordinal);
        string name = equals < 0 ? text : text[..equals];
        string? value = equals < 0 ? null : text[(equals + 1)..];
        KeepalivedOption? option = KeepalivedOptionTable.FindLong(name, out IReadOnlyList<KeepalivedOption> candidates);
        if (option is null)
        {
            return candidates.Count > 1
                ? $"option '--{name}' is ambiguous; possibilities: {string.Join(' ', candidates.Select(candidate => "--" + candidate.Long))}"
                : $"unknown option '--{name}' (vrrp -h lists keepalived's options, vrrp --help vrrp's commands)";
        }

        string spelling = "--" + name;
        switch (option.Argument)
        {
            case KeepalivedOptionArgument.None when value is not null:
                return $"option '--{option.Long}' takes no value";
            case KeepalivedOptionArgument.Required when value is null:
                if (index + 1 >= arguments.Count)
                {
                    return MissingValue(option, spelling);
                }

                value = arguments[++index];
                break;
        }

        if (option.Argument == KeepalivedOptionArgument.Required && value!.Length == 0)
        {
            return MissingValue(option, spelling);
        }

        uses.Add(new KeepalivedOptionUse(option, spelling, value));
        return null;
    }

    private static string? ReadShortCluster(IReadOnlyList<string> arguments, ref int index, List<KeepalivedOptionUse> uses)
    {
        string cluster = arguments[index];
        for (int position = 1; position < cluster.Length; position++)
        {
            char letter = cluster[position];
            KeepalivedOption? option = KeepalivedOptionTable.FindShort(letter);
            string spelling = "-" + letter;
            if (option is null)
            {
                return $"unknown option '{spelling}' (vrrp -h lists keepalived's options, vrrp --help vrrp's commands)";
            }

            if (option.Argument == KeepalivedOptionArgument.None)
            {
                uses.Add(new KeepalivedOptionUse(option, spelling, null));
                continue;
            }

            // The rest of the word is the value; a required value may also be the next word.
            string? value = position + 1 < cluster.Length ? cluster[(position + 1)..] : null;
            if (option.Argument == KeepalivedOptionArgument.Required && value is null)
            {
                if (index + 1 >= arguments.Count || arguments[index + 1].Length == 0)
                {
                    return MissingValue(option, spelling);
                }

                value = arguments[++index];
            }

            uses.Add(new KeepalivedOptionUse(option, spelling, value));
            return null;
        }

        return null;
    }

    private static string MissingValue(KeepalivedOption option, string spelling) =>
        $"option '{spelling}' needs a value ({option.DisplayName} {option.ValueName})";

    private static string Unexpected(string argument) =>
        $"unexpected argument '{argument}' (the configuration file is -f FILE; -t takes its log file attached: -tFILE or --config-test=FILE; vrrp run's own flags go after --)";
}
