using Vrrp.Cli.ConfigCheck;
using Vrrp.Cli.Keepalived;

namespace Vrrp.Cli.Tests.CommandLine;

/// <summary>
/// <c>vrrp -t</c>: the check of <c>vrrp check-config</c> with keepalived's exit codes (0 clean, 4 cannot run, 5 would
/// run with problems, 6 scripts without enable_script_security), messages on stderr or appended to <c>-tFILE</c>.
/// </summary>
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
    [InlineData(0, Instance)]
    [InlineData(5, Instance + "bogus_keyword 1\n")]
    [InlineData(4, "vrrp_instance VI_1 {\n  interface eth0\n  virtual_ipaddress {\n    192.0.2.10/24\n  }\n}\n")]
    [InlineData(6, Script + Instance)]
    [InlineData(6, Script + Instance + "bogus_keyword 1\n")]
    [InlineData(4, Script + Instance + "vrrp_instance VI_2 {\n  interface eth0\n}\n")]
    public void Run_ConfigTest_ExitsWithKeepalivedsCode(int expected, string configuration)
    {
        string path = _directory.WriteFile("keepalived.conf", configuration);

        (int exit, string error) = ConfigTest("-t", "-f", path);

        exit.Should().Be(expected, error);
        if (expected == ExitCodes.Success)
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

        exit.Should().Be(4);
        error.Should().Contain("does not exist");
    }

    [Fact]
    public void Run_ConfigTestWithLogFile_AppendsTheMessagesThereAndPrintsNothing()
    {
        string path = _directory.WriteFile("keepalived.conf", Instance + "bogus_keyword 1\n");
        string log = _directory.WriteFile("test.log", "before\n");

        (int exit, string error) = ConfigTest("-t" + log, "-f", path);

        exit.Should().Be(5);
        error.Should().BeEmpty();
        File.ReadAllText(log).Should().StartWith("before\n").And.Contain("unknown keyword `bogus_keyword`");
    }

    [Fact]
    public void Run_ConfigTestWithLogFileThatCannotBeOpened_ExitsOneNamingIt()
    {
        string path = _directory.WriteFile("keepalived.conf", Instance);
        string log = _directory.Combine("no/such/dir/test.log");

        (int exit, string error) = ConfigTest($"--config-test={log}", "-f", path);

        exit.Should().Be(ExitCodes.BadInput);
        error.Should().StartWith($"vrrp: -t: cannot open the config-test log file {log}");
    }

    [Theory]
    [InlineData(0, false, 0, 0, false)]
    [InlineData(4, true, 1, 0, false)]
    [InlineData(4, false, 1, 3, true)]
    [InlineData(6, false, 0, 3, true)]
    [InlineData(5, false, 0, 1, false)]
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
