using Vrrp.Cli.ConfigCheck;
using Vrrp.Cli.Keepalived;
using Vrrp.TestSupport;
using Vrrp.TestSupport.KeepalivedConf;

namespace Vrrp.Cli.Tests.CommandLine;

/// <summary>
/// <c>vrrp -t</c>: the check of <c>vrrp check-config</c> with keepalived's exit codes (0 clean, 4 cannot run, 5 would
/// run with problems, 6 scripts without enable_script_security), messages on stderr or appended to <c>-tFILE</c>.
/// </summary>
[Collection(InProcessCommands.Name)]
public sealed class KeepalivedConfigTestTests : IDisposable
{
    private const string Instance = """
        vrrp_instance VI_1 {
          interface eth0
          virtual_router_id 51
          priority 100
          virtual_ipaddress {
            192.0.2.10/24
          }
        }

        """;

    private const string Script = """
        vrrp_script chk {
          script "/bin/check"
        }

        """;

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(KeepalivedConfigTest.Clean, Instance)]
    [InlineData(KeepalivedConfigTest.WouldRunWithProblems, Instance + "bogus_keyword 1\n")]
    [InlineData(KeepalivedConfigTest.CannotRun, "vrrp_instance VI_1 {\n  interface eth0\n  virtual_ipaddress {\n    192.0.2.10/24\n  }\n}\n")]
    [InlineData(KeepalivedConfigTest.ScriptSecurity, Script + Instance)]
    [InlineData(KeepalivedConfigTest.ScriptSecurity, Script + Instance + "bogus_keyword 1\n")]
    [InlineData(KeepalivedConfigTest.CannotRun, Script + Instance + "vrrp_instance VI_2 {\n  interface eth0\n}\n")]
    public void Run_ConfigTest_ExitsWithKeepalivedsCode(int expected, string configuration)
    {
        string path = _directory.WriteFile("keepalived.conf", configuration);

        (int exit, string error) = ConfigTest("-t", "-f", path);

        exit.Should().Be(expected, error);
        if (expected == KeepalivedConfigTest.Clean)
        {
            error.Should().BeEmpty();
        }
        else
        {
            error.Should().Contain(path + ":");
        }
    }

    [Fact]
    public void Run_ConfigTestOfAMissingFile_CannotRun()
    {
        (int exit, string error) = ConfigTest("--config-test", "--use-file", _directory.Combine("missing.conf"));

        exit.Should().Be(KeepalivedConfigTest.CannotRun);
        error.Should().Contain("does not exist");
    }

    [Fact]
    public void Run_ConfigTestWithLogFile_AppendsTheMessagesThereAndPrintsNothing()
    {
        string path = _directory.WriteFile("keepalived.conf", Instance + "bogus_keyword 1\n");
        string log = _directory.WriteFile("test.log", "before\n");

        (int exit, string error) = ConfigTest("-t" + log, "-f", path);

        exit.Should().Be(KeepalivedConfigTest.WouldRunWithProblems);
        error.Should().BeEmpty();
        File.ReadAllText(log).Should().StartWith("before\n").And.Contain("unknown keyword `bogus_keyword`");
    }

    [Fact]
    public void Run_ConfigTestWithLogFileThatCannotBeOpened_ExitsOneNamingIt()
    {
        string path = _directory.WriteFile("keepalived.conf", Instance);
        string log = _directory.Combine("no/such/dir/test.log");

        (int exit, string error) = ConfigTest($"--config-test={log}", "-f", path);

        exit.Should().Be(KeepalivedConfigTest.LogFileFailure);
        error.Should().StartWith($"vrrp: -t: cannot open the config-test log file {log}");
    }

    [Theory]
    [InlineData(KeepalivedConfigTest.Clean, false, 0, 0, false)]
    [InlineData(KeepalivedConfigTest.CannotRun, true, 1, 0, false)]
    [InlineData(KeepalivedConfigTest.CannotRun, false, 1, 3, true)]
    [InlineData(KeepalivedConfigTest.ScriptSecurity, false, 0, 3, true)]
    [InlineData(KeepalivedConfigTest.WouldRunWithProblems, false, 0, 1, false)]
    public void ExitCode_CannotRunThenSecurityThenProblems(int expected, bool unreadable, int errors, int warnings, bool security)
    {
        KeepalivedConfigTest.ExitCode(new ConfigCheckOutcome(unreadable, errors, warnings, security)).Should().Be(expected);
    }

    private static (int Exit, string Error) ConfigTest(params string[] arguments)
    {
        using var error = new StringWriter();
        int exit = KeepalivedCommandLine.Run(arguments, TextWriter.Null, error, _ => throw new InvalidOperationException("-t must not run"), FakeHostEnvironment.WithPrograms("/bin/check"));
        return (exit, error.ToString());
    }
}
