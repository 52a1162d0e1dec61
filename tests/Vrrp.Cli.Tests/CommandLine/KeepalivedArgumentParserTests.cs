using Vrrp.Cli.Keepalived;

namespace Vrrp.Cli.Tests.CommandLine;

/// <summary>keepalived's argv read as its getopt_long reads it: short clusters, attached values, long forms, abbreviations.</summary>
public sealed class KeepalivedArgumentParserTests
{
    public static TheoryData<string> LongNames { get; } = [.. KeepalivedOptionTable.All.Select(option => option.Long)];

    [Theory]
    [MemberData(nameof(LongNames))]
    public void TryParse_EveryOptionInItsShortAndLongForms_IsThatOptionWithItsValue(string longName)
    {
        KeepalivedOption option = KeepalivedOptionTable.All.Single(candidate => candidate.Long == longName);
        string[] value = option.Argument == KeepalivedOptionArgument.Required ? ["VALUE"] : [];
        List<string[]> forms = [[$"--{option.Long}", .. value]];
        if (option.Argument == KeepalivedOptionArgument.Required)
        {
            forms.Add([$"--{option.Long}=VALUE"]);
        }

        if (option.Short is { } letter)
        {
            forms.Add([$"-{letter}", .. value]);
            if (option.Argument == KeepalivedOptionArgument.Required)
            {
                forms.Add([$"-{letter}VALUE"]);
            }
        }

        foreach (string[] form in forms)
        {
            Parse(form).Should().ContainSingle().Which.Should().Match<KeepalivedOptionUse>(
                use => use.Option == option && use.Value == (value.Length > 0 ? "VALUE" : null), string.Join(' ', form));
        }
    }

    [Theory]
    [InlineData("-f/etc/k.conf")]
    [InlineData("-f", "/etc/k.conf")]
    [InlineData("--use-file=/etc/k.conf")]
    [InlineData("--use-file", "/etc/k.conf")]
    [InlineData("--use=/etc/k.conf")]
    [InlineData("-nf/etc/k.conf")]
    public void TryParse_FileInEveryForm_IsTheSameFile(params string[] arguments)
    {
        Parse(arguments).Should().ContainSingle(use => use.Option == KeepalivedOptionTable.UseFile)
            .Which.Value.Should().Be("/etc/k.conf");
    }

    [Fact]
    public void TryParse_ShortCluster_IsEachOptionInOrder()
    {
        Parse("-nlDDP").Select(use => use.Spelling).Should().Equal("-n", "-l", "-D", "-D", "-P");
    }

    [Fact]
    public void TryParse_OptionalValue_OnlyWhenAttached()
    {
        Parse("-t/tmp/log").Should().ContainSingle().Which.Value.Should().Be("/tmp/log");
        Parse("--config-test=/tmp/log").Should().ContainSingle().Which.Value.Should().Be("/tmp/log");
        Parse("-t").Should().ContainSingle().Which.Value.Should().BeNull();
        Error("-t", "/etc/keepalived/keepalived.conf").Should().Contain("unexpected argument '/etc/keepalived/keepalived.conf'").And.Contain("-tFILE");
    }

    [Fact]
    public void TryParse_RequiredValueStartingWithDash_IsTakenAsTheValue()
    {
        Parse("-f", "-n").Should().ContainSingle().Which.Value.Should().Be("-n", "getopt takes the next word whatever it is");
    }

    [Fact]
    public void TryParse_WordsAfterDoubleDash_AreRunFlags()
    {
        KeepalivedArgumentParser.TryParse(["-n", "--", "--status-file", "none"], out List<KeepalivedOptionUse> uses, out string[] runFlags, out string? error)
            .Should().BeTrue(error);
        uses.Should().ContainSingle();
        runFlags.Should().Equal("--status-file", "none");
    }

    [Theory]
    [InlineData("unknown option '-k'", "-k")]
    [InlineData("unknown option '-k'", "-nk")]
    [InlineData("unknown option '--bogus'", "--bogus")]
    [InlineData("option '--v' is ambiguous; possibilities: --vrrp --vrrp_pid --version", "--v")]
    [InlineData("option '--dont-fork' takes no value", "--dont-fork=yes")]
    [InlineData("option '-f' needs a value (-f/--use-file FILE)", "-f")]
    [InlineData("option '--use-file' needs a value (-f/--use-file FILE)", "--use-file=")]
    [InlineData("option '--pid' needs a value (-p/--pid FILE)", "--pid")]
    [InlineData("unexpected argument 'run'", "-n", "run")]
    public void TryParse_BadArgument_NamesTheOption(string expected, params string[] arguments)
    {
        Error(arguments).Should().StartWith(expected);
    }

    private static List<KeepalivedOptionUse> Parse(params string[] arguments)
    {
        KeepalivedArgumentParser.TryParse(arguments, out List<KeepalivedOptionUse> uses, out string[] runFlags, out string? error).Should().BeTrue(error);
        runFlags.Should().BeEmpty();
        return uses;
    }

    private static string Error(params string[] arguments)
    {
        KeepalivedArgumentParser.TryParse(arguments, out _, out _, out string? error).Should().BeFalse();
        return error!;
    }
}
