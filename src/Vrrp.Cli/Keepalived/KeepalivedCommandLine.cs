using System.Globalization;
using System.Reflection;
using System.Text;
using Vrrp.Config;

namespace Vrrp.Cli.Keepalived;

/// <summary>
/// <c>vrrp</c> with keepalived's options and no command (<c>vrrp --dont-fork -f FILE</c>, as Debian's keepalived unit
/// starts it): parsed by <see cref="KeepalivedArgumentParser"/> against <see cref="KeepalivedOptionTable"/>, then either
/// an action that exits (<c>-t</c>, <c>-v</c>, <c>-h</c>, <c>--signum</c>), a one-line refusal, or the same
/// <c>vrrp run -f FILE</c> command line keepalived's options describe (plus any <c>vrrp run</c> flags given after
/// <c>--</c>), run through the same command.
/// </summary>
internal static class KeepalivedCommandLine
{
    /// <summary>keepalived exits 1 (EXIT_FAILURE) on an unknown option or a missing value, as System.CommandLine does.</summary>
    public const int BadOption = 1;

    /// <summary>
    /// Tells whether <paramref name="arguments"/> are keepalived's: the first is an option, and not one of the root
    /// command's own (<c>--help</c>, <c>-h</c>, <c>-?</c>, <c>--version</c>), so <c>vrrp</c>'s commands are unchanged.
    /// </summary>
    public static bool Recognizes(IReadOnlyList<string> arguments) =>
        arguments.Count > 0 && arguments[0] is [ '-', _, ..] first && first is not ("--help" or "-h" or "-?" or "--version");

    /// <summary>Runs keepalived's command line; <paramref name="run"/> invokes a <c>vrrp run</c> argv and returns its exit code.</summary>
    public static int Run(IReadOnlyList<string> arguments, TextWriter output, TextWriter error, Func<string[], int> run, KeepalivedHostEnvironment? host = null)
    {
        if (!KeepalivedArgumentParser.TryParse(arguments, out List<KeepalivedOptionUse> uses, out string[] runFlags, out string? problem))
        {
            error.WriteLine($"vrrp: {problem}");
            return BadOption;
        }

        // As keepalived: -v, -h and --signum act when reached, before anything else given is looked at.
        foreach (KeepalivedOptionUse use in uses)
        {
            if (use.Option == KeepalivedOptionTable.Help)
            {
                error.Write(Help());
                return ExitCodes.Success;
            }

            if (use.Option == KeepalivedOptionTable.Version)
            {
                error.WriteLine($"vrrp {VersionText()} (VRRP only; keepalived's configuration and command line)");
                return ExitCodes.Success;
            }

            if (use.Option == KeepalivedOptionTable.Signum)
            {
                if (KeepalivedSignals.Find(use.Value!) is not { } number)
                {
                    error.WriteLine($"vrrp: unknown --signum value '{use.Value}' (one of {string.Join(", ", KeepalivedSignals.Names)})");
                    return BadOption;
                }

                output.WriteLine(number.ToString(CultureInfo.InvariantCulture));
                return ExitCodes.Success;
            }
        }

        foreach (KeepalivedOptionUse use in uses)
        {
            if (use.Option.Handling == KeepalivedOptionHandling.Refused)
            {
                error.WriteLine($"vrrp: {use.Option.DisplayName} is not supported: {use.Option.Description}");
                return ExitCodes.Usage;
            }
        }

        var settings = KeepalivedRunSettings.From(uses);
        foreach (string note in settings.Notes)
        {
            error.WriteLine($"vrrp: {note}");
        }

        return settings.ConfigTest
            ? KeepalivedConfigTest.Run(settings.ConfigFile, settings.ConfigId, settings.ConfigTestLog, error, host)
            : run([.. settings.ToRunArguments(), .. runFlags]);
    }

    /// <summary>The text of <c>vrrp -h</c>: every keepalived option with what vrrp does with it.</summary>
    public static string Help()
    {
        var help = new StringBuilder();
        help.AppendLine("Usage: vrrp [OPTION...]    (keepalived's command line; `vrrp --help` lists vrrp's own commands)")
            .AppendLine("Runs the configuration file as `vrrp run -f FILE`; vrrp run's own flags may follow `--`.")
            .AppendLine("What vrrp does with each of keepalived's options:");
        foreach (KeepalivedOption option in KeepalivedOptionTable.All)
        {
            help.Append("  ").Append(Synopsis(option));
            string tag = option.Handling switch
            {
                KeepalivedOptionHandling.Refused => "refused: ",
                KeepalivedOptionHandling.Noted => "accepted, with a note: ",
                _ => string.Empty,
            };
            help.AppendLine().Append("        ").Append(tag).AppendLine(option.Description);
        }

        return help.ToString();
    }

    /// <summary>How an option is written with its value: <c>-f, --use-file=FILE</c>, <c>-t, --config-test[=LOG_FILE]</c>.</summary>
    public static string Synopsis(KeepalivedOption option)
    {
        string value = option.Argument switch
        {
            KeepalivedOptionArgument.Required => "=" + option.ValueName,
            KeepalivedOptionArgument.Optional => "[=" + option.ValueName + "]",
            _ => string.Empty,
        };
        return (option.Short is { } letter ? $"-{letter}, " : string.Empty) + "--" + option.Long + value;
    }

    private static string VersionText() =>
        typeof(KeepalivedCommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}
