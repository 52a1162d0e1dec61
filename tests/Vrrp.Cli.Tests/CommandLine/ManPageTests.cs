using System.CommandLine;
using Command = System.CommandLine.Command;
using System.CommandLine.Help;
using System.Reflection;
using System.Text.RegularExpressions;
using Vrrp.Cli.Keepalived;
using Vrrp.Cli.Tests.Captures;

namespace Vrrp.Cli.Tests.CommandLine;

/// <summary>
/// packaging/man/vrrp.8 against the command line itself: every command with each of its options and arguments in its
/// own subsection, every keepalived option, every exit code. A new option without a line in the man page fails here.
/// </summary>
public sealed partial class ManPageTests
{
    [Fact]
    public void ManPage_DescribesEveryCommandOptionKeepalivedOptionAndExitCode()
    {
        Missing(File.ReadAllText(ManPagePath())).Should().BeEmpty("packaging/man/vrrp.8 must describe what `vrrp --help`, each command's --help and `vrrp -P -h` list");
    }

    [Theory]
    [InlineData("\\-\\-vrid", "run: --vrid")]
    [InlineData("\\-\\-dry\\-run", "reload: --dry-run")]
    [InlineData("\\-\\-pcap", "decode: --pcap")]
    [InlineData("\\-\\-snmp\\-agent\\-socket", "keepalived's command line: --snmp-agent-socket")]
    [InlineData("\\-?", "options: -?")]
    [InlineData(".SS \"watch\"", "command: watch")]
    [InlineData(".B 3\n", "exit status: 3")]
    public void Missing_AManPageWithoutAnEntry_NamesIt(string removed, string expected)
    {
        string manPage = File.ReadAllText(ManPagePath());
        manPage.Should().Contain(removed);

        Missing(manPage.Replace(removed, string.Empty, StringComparison.Ordinal)).Should().Contain(expected);
    }

    /// <summary>What the command line has that <paramref name="manPage"/> (roff source) does not describe.</summary>
    private static List<string> Missing(string manPage)
    {
        var missing = new List<string>();
        RootCommand root = Program.BuildRootCommand();

        string options = Section(manPage, ".SH OPTIONS");
        foreach (string name in root.Options.SelectMany(Names))
        {
            Require(options, name, "options", missing);
        }

        string commands = Section(manPage, ".SH COMMANDS");
        foreach (Command command in root.Subcommands)
        {
            string heading = $".SS \"{command.Name}\"";
            if (!commands.Contains(heading, StringComparison.Ordinal))
            {
                missing.Add($"command: {command.Name}");
                continue;
            }

            string subsection = Section(commands, heading);
            foreach (string name in command.Options.Where(option => option is not HelpOption).SelectMany(Names))
            {
                Require(subsection, name, command.Name, missing);
            }

            // An argument named "on|off" is two words to describe.
            foreach (string word in command.Arguments.SelectMany(argument => argument.Name.Split('|')))
            {
                Require(subsection, word, command.Name, missing);
            }
        }

        string keepalived = Section(manPage, ".SH \"KEEPALIVED'S COMMAND LINE\"");
        foreach (KeepalivedOption option in KeepalivedOptionTable.All)
        {
            Require(keepalived, "--" + option.Long, "keepalived's command line", missing);
            if (option.Short is { } letter)
            {
                Require(keepalived, "-" + letter, "keepalived's command line", missing);
            }
        }

        string exitStatus = Section(manPage, ".SH \"EXIT STATUS\"");
        foreach (int code in ExitCodeValues())
        {
            if (!exitStatus.Contains($"\n.B {code}\n", StringComparison.Ordinal))
            {
                missing.Add($"exit status: {code}");
            }
        }

        return missing;
    }

    private static IEnumerable<string> Names(Option option) =>
        new[] { option.Name }.Concat(option.Aliases).Where(name => name.StartsWith('-'));

    /// <summary>Adds "where: word" unless the roff text has the word on its own (not as part of a longer option).</summary>
    private static void Require(string roff, string word, string where, List<string> missing)
    {
        string text = Plain(roff);
        string pattern = $"(?<![\\w-]){Regex.Escape(word)}(?![\\w-])";
        if (!Regex.IsMatch(text, pattern))
        {
            missing.Add($"{where}: {word}");
        }
    }

    /// <summary>Roff without comments, font changes and escaped hyphens: the words a reader sees.</summary>
    private static string Plain(string roff) =>
        FontEscape().Replace(
            string.Join('\n', roff.Split('\n').Where(line => !line.StartsWith(".\\\"", StringComparison.Ordinal))),
            string.Empty).Replace("\\-", "-", StringComparison.Ordinal);

    /// <summary>From <paramref name="heading"/> to the next heading of the same level (or the end).</summary>
    private static string Section(string roff, string heading)
    {
        int start = roff.IndexOf(heading, StringComparison.Ordinal);
        if (start < 0)
        {
            return string.Empty;
        }

        string level = heading[..3];
        int end = roff.IndexOf("\n" + level + " ", start + heading.Length, StringComparison.Ordinal);
        if (level == ".SS")
        {
            int section = roff.IndexOf("\n.SH ", start + heading.Length, StringComparison.Ordinal);
            end = end < 0 || (section >= 0 && section < end) ? section : end;
        }

        return end < 0 ? roff[start..] : roff[start..end];
    }

    /// <summary>Every exit code vrrp documents in code: <see cref="ExitCodes"/> and check-config's own.</summary>
    private static IEnumerable<int> ExitCodeValues() =>
        typeof(ExitCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral && field.FieldType == typeof(int))
            .Select(field => (int)field.GetRawConstantValue()!)
            .Concat([CheckConfigCommand.ErrorsFound, CheckConfigCommand.WarningsFound, KeepalivedCommandLine.BadOption])
            .Distinct();

    private static string ManPagePath() =>
        Path.Combine(RepositoryPaths.Root ?? throw new DirectoryNotFoundException("no repository above the tests"), "packaging", "man", "vrrp.8");

    [GeneratedRegex(@"\\f[BIRP]")]
    private static partial Regex FontEscape();
}
