using Vrrp.Cli.Keepalived;
using Vrrp.Cli.Tests.Captures;

namespace Vrrp.Cli.Tests.CommandLine;

/// <summary>
/// <c>vrrp</c> with keepalived's options: what becomes <c>vrrp run</c>, what is accepted quietly or with a note, what
/// is refused, and what acts and exits. The run itself is a recording stand-in here; the daemon tests run it for real.
/// </summary>
public sealed class KeepalivedCommandLineTests
{
    private const string PidFiles = "--pid-file /run/keepalived.pid --pid-file /run/keepalived_vrrp.pid";

    public static TheoryData<string> Refused { get; } = [.. Named(KeepalivedOptionHandling.Refused)];

    public static TheoryData<string> Noted { get; } = [.. Named(KeepalivedOptionHandling.Noted)];

    public static TheoryData<string> Accepted { get; } = [.. Named(KeepalivedOptionHandling.Accepted)];

    [Theory]
    [InlineData("run -f /etc/keepalived/keepalived.conf " + PidFiles, "--dont-fork")]
    [InlineData("run -f /etc/keepalived/keepalived.conf " + PidFiles, "-n", "-P", "-l")]
    [InlineData("run -f /etc/k.conf " + PidFiles, "-n", "-f/etc/k.conf")]
    [InlineData("run -f /etc/k.conf " + PidFiles, "--use-file=/etc/k.conf")]
    [InlineData("run -f /b.conf " + PidFiles, "-f", "/a.conf", "-f", "/b.conf")]
    [InlineData("run -f /etc/keepalived/keepalived.conf " + PidFiles + " --config-id lb1", "-i", "lb1")]
    [InlineData("run -f /etc/keepalived/keepalived.conf --pid-file /p --pid-file /r", "-p", "/p", "--vrrp_pid=/r")]
    [InlineData("run -f /etc/keepalived/keepalived.conf " + PidFiles + " --log-level debug", "-D")]
    [InlineData("run -f /etc/keepalived/keepalived.conf " + PidFiles + " --log-level trace", "-DD")]
    [InlineData("run -f /etc/keepalived/keepalived.conf " + PidFiles + " --status-file none", "-n", "--", "--status-file", "none")]
    public void Run_KeepalivedOptions_RunTheSameCommandLineAsVrrpRun(string expected, params string[] arguments)
    {
        (string[] run, string error) = InvokeRun(arguments);

        string.Join(' ', run).Should().Be(expected);
        error.Should().BeEmpty();
    }

    [Fact]
    public void Run_MappedCommandLine_IsOneTheRunCommandAccepts()
    {
        string[] run = InvokeRun("-n", "-f", "/etc/k.conf", "-i", "lb1", "-DD", "-p", "/p", "-r", "/r", "--", "--status-file", "none").Run;

        Program.BuildRootCommand().Parse(run).Errors.Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Run_AcceptedOption_RunsWithoutAWord(string option)
    {
        InvokeRun(option).Error.Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Noted))]
    public void Run_NotedOption_RunsAndSaysWhatVrrpDoesInstead(string option)
    {
        KeepalivedOption noted = KeepalivedOptionTable.All.Single(candidate => "--" + candidate.Long == option);
        string[] arguments = noted.Argument == KeepalivedOptionArgument.Required ? [option, "1"] : [option];

        InvokeRun(arguments).Error.Should().Be($"vrrp: {string.Join(' ', arguments)}: {noted.Description}{Environment.NewLine}");
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void Run_RefusedOption_ExitsUsageInOneLineNamingIt(string option)
    {
        KeepalivedOption refused = KeepalivedOptionTable.All.Single(candidate => "--" + candidate.Long == option);
        string[] arguments = refused.Argument == KeepalivedOptionArgument.Required ? ["-n", option, "x"] : ["-n", option];

        string error = InvokeWithoutRun(ExitCodes.Usage, arguments).Error;

        error.Should().StartWith($"vrrp: {refused.DisplayName} is not supported: ").And.EndWith(Environment.NewLine);
        error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle();
    }

    [Theory]
    [InlineData("vrrp: -C/--check is not supported: vrrp has no LVS/IPVS part", "-C")]
    [InlineData("vrrp: --bfd_pid /run/bfd.pid: vrrp has no BFD process", "--bfd_pid=/run/bfd.pid")]
    [InlineData("vrrp: -S local9: invalid log facility", "-S", "local9")]
    public void Run_Messages_NameTheOptionAsGiven(string expected, params string[] arguments)
    {
        Invoke(arguments).Error.Should().StartWith(expected);
    }

    [Theory]
    [InlineData("local0", true)]
    [InlineData("7", true)]
    [InlineData("daemon", true)]
    [InlineData("user", true)]
    [InlineData("8", false)]
    [InlineData("local8", false)]
    [InlineData("kern", false)]
    public void IsLogFacility_AcceptsWhatKeepalivedAccepts(string value, bool expected)
    {
        KeepalivedRunSettings.IsLogFacility(value).Should().Be(expected);
    }

    [Fact]
    public void Run_UnknownOption_ExitsOneLikeKeepalived()
    {
        InvokeWithoutRun(KeepalivedCommandLine.BadOption, "-n", "--bogus").Error.Should().StartWith("vrrp: unknown option '--bogus'");
    }

    [Fact]
    public void Run_Signum_PrintsKeepalivedsSignalNumbers()
    {
        string[] functions = ["STOP", "RELOAD", "DATA", "STATS", "STATS_CLEAR", "JSON"];

        functions.Select(function => InvokeWithoutRun(ExitCodes.Success, $"--signum={function}").Output)
            .Should().Equal(["15", "1", "10", "12", "63", "36"], (output, number) => output == number + Environment.NewLine);
        InvokeWithoutRun(KeepalivedCommandLine.BadOption, "--signum=TDATA").Error.Should().StartWith("vrrp: unknown --signum value 'TDATA'");
    }

    [Fact]
    public void Run_VersionAndHelp_ActBeforeAnythingElseIsLookedAt()
    {
        InvokeWithoutRun(ExitCodes.Success, "-C", "-v").Error.Should().StartWith("vrrp ");
        InvokeWithoutRun(ExitCodes.Success, "-n", "-h").Error.Should().Be(KeepalivedCommandLine.Help());
    }

    [Fact]
    public void Help_ListsEveryOption()
    {
        string help = KeepalivedCommandLine.Help();

        foreach (KeepalivedOption option in KeepalivedOptionTable.All)
        {
            help.Should().Contain(KeepalivedCommandLine.Synopsis(option)).And.Contain(option.Description);
        }
    }

    [Fact]
    public void Readme_KeepalivedCommandLineTable_HasARowForEveryOption()
    {
        string readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root ?? throw new DirectoryNotFoundException("no repository above the tests"), "README.md"));
        int start = readme.IndexOf("## keepalived's command line", StringComparison.Ordinal);
        start.Should().BePositive("the README has a section on keepalived's command line");
        string section = readme[start..readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal)];

        foreach (KeepalivedOption option in KeepalivedOptionTable.All)
        {
            string name = option.Short is { } letter ? $"`-{letter}`, `--{option.Long}" : $"`--{option.Long}";
            section.Should().Contain("| " + name, $"the README table lists {option.DisplayName}");
        }
    }

    [Theory]
    [InlineData(true, "-n")]
    [InlineData(true, "--dont-fork")]
    [InlineData(true, "-f", "/etc/k.conf")]
    [InlineData(true, "-t")]
    [InlineData(true, "-v")]
    [InlineData(false)]
    [InlineData(false, "run", "-f", "/etc/k.conf")]
    [InlineData(false, "check-config")]
    [InlineData(false, "--help")]
    [InlineData(false, "-h")]
    [InlineData(false, "-?")]
    [InlineData(false, "--version")]
    [InlineData(false, "-")]
    public void Recognizes_KeepalivedsArgvButNotVrrpsCommands(bool expected, params string[] arguments)
    {
        KeepalivedCommandLine.Recognizes(arguments).Should().Be(expected);
    }

    private static IEnumerable<string> Named(KeepalivedOptionHandling handling) =>
        KeepalivedOptionTable.All.Where(option => option.Handling == handling).Select(option => "--" + option.Long);

    /// <summary>Invokes keepalived's command line, which must run and return the run's exit code; returns the run's argv.</summary>
    private static (string[] Run, string Error) InvokeRun(params string[] arguments)
    {
        (int exit, string[]? run, _, string error) = Invoke(arguments);
        exit.Should().Be(42, "the run's own exit code is returned");
        return (run ?? throw new InvalidOperationException($"nothing was run: {error}"), error);
    }

    /// <summary>Invokes keepalived's command line, which must exit <paramref name="exit"/> without running anything.</summary>
    private static (string Output, string Error) InvokeWithoutRun(int exit, params string[] arguments)
    {
        (int actual, string[]? run, string output, string error) = Invoke(arguments);
        actual.Should().Be(exit, error);
        run.Should().BeNull();
        return (output, error);
    }

    private static (int Exit, string[]? Run, string Output, string Error) Invoke(params string[] arguments)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        string[]? run = null;
        int exit = KeepalivedCommandLine.Run(arguments, output, error, runArguments =>
        {
            run = runArguments;
            return 42;
        });
        return (exit, run, output.ToString(), error.ToString());
    }
}
