using Vrrp.Cli.Hosting;

namespace Vrrp.Cli.Tests.Run;

[Collection(InProcessCommands.Name)]
public sealed class ConfigRunCommandTests : System.IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Run_ConfigWithErrors_PrintsPositionedDiagnosticsAndExitsBeforeStarting()
    {
        (string path, string error) = RunExpectingBadInput("vrrp_instance VI_1 {\n  interface eth0\n  priority 100\n  virtual_ipaddress {\n    10.0.0.100\n  }\n}\n");

        error.Should().Contain($"{path}:1:15: error: vrrp_instance VI_1 has no virtual_router_id")
            .And.Contain($"{path}: 1 error(s); nothing was started.");
    }

    [Fact]
    public void Run_LinuxOnlyProblemInVirtualAddress_IsReportedBeforeAnySocketOpens()
    {
        (_, string error) = RunExpectingBadInput("vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 5\n  virtual_ipaddress {\n    10.0.0.100 label vip\n  }\n}\n");

        error.Should().Contain("vrrp_instance VI_1: virtual address 10.0.0.100/32: label 'vip' must be the interface name");
    }

    [Fact]
    public void Run_MissingFile_ExitsOne()
    {
        var error = new StringWriter();

        HostedRunCommand.Run(_directory.Combine("missing.conf"), null, error).Should().Be(ExitCodes.BadInput);
        error.ToString().Should().Contain("no such file");
    }

    [Theory]
    [InlineData("run", "-f", "x.conf", "--vrid", "5")]
    [InlineData("run", "--config-id", "lb1", "-i", "eth0", "--vrid", "5", "--vip", "10.0.0.1")]
    [InlineData("run", "-i", "eth0", "--vrid", "5")]
    public void Parse_InvalidCombinations_AreCommandLineErrors(params string[] arguments)
    {
        Program.BuildRootCommand().Parse(arguments).Errors.Should().NotBeEmpty();
    }

    [Theory]
    [InlineData("run", "-f", "x.conf")]
    [InlineData("run", "-f", "x.conf", "--config-id", "lb1")]
    [InlineData("run", "-i", "eth0", "--vrid", "5", "--vip", "10.0.0.1")]
    public void Parse_FileModeAndFlagMode_AreAccepted(params string[] arguments)
    {
        Program.BuildRootCommand().Parse(arguments).Errors.Should().BeEmpty();
    }

    /// <summary>Runs <c>vrrp run -f</c> on <paramref name="config"/>, which must be refused as bad input before anything starts.</summary>
    private (string Path, string Error) RunExpectingBadInput(string config)
    {
        string path = _directory.WriteFile("keepalived.conf", config);
        var error = new StringWriter();

        int exitCode = HostedRunCommand.Run(path, null, error);

        exitCode.Should().Be(ExitCodes.BadInput);
        return (path, error.ToString());
    }
}
