
namespace Vrrp.Cli.Tests.CommandLine;

/// <summary>
/// The pid files of a real <c>vrrp</c> process on a namespace LAN host, started as <c>vrrp run --pid-file</c> and as
/// keepalived (<c>vrrp -n -f FILE -p P -r R</c>). Its instance is on an interface that does not exist, so it waits for
/// it and keeps running without sending anything: what is tested is the process, not VRRP.
/// </summary>
public sealed class PidFileDaemonTests(ITestOutputHelper output) : VrrpRunPairTest(output, hostCount: 1)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public void Run_PidFile_WrittenWhileRunningRefusesASecondDaemonAndIsRemovedOnSigterm()
    {
        string configuration = Configuration();
        string pidFile = Files.Combine("vrrp.pid");

        _first = VrrpNode.Start(Lan[1], "-f", configuration, "--pid-file", pidFile);
        WaitForPidFile(pidFile, _first);
        WaitUntilRunning(_first);

        _second = VrrpNode.Start(Lan[1], "-f", configuration, "--pid-file", pidFile);
        _second.WaitForExit(s_timeout).Should().Be(ExitCodes.AlreadyRunning, _second.Output);
        _second.Output.Should().Contain($"vrrp run: {pidFile}: already running: pid {_first.ProcessId} holds this pid file");
        File.ReadAllText(pidFile).Should().Be(Pid(_first));

        _first.Terminate();
        _first.WaitForExit(s_timeout).Should().Be(ExitCodes.Success, _first.Output);
        File.Exists(pidFile).Should().BeFalse("a clean exit removes the pid file");
    }

    [Fact]
    public void Run_StalePidFile_IsReplaced()
    {
        string pidFile = Files.WriteFile("vrrp.pid", "999999999\n");

        _first = VrrpNode.Start(Lan[1], "-f", Configuration(), "--pid-file", pidFile);

        WaitForPidFile(pidFile, _first);
    }

    [Fact]
    public void Keepalived_DontForkWithPidFiles_RunsTheFileWithItsPidInBothAndRemovesThemOnSigterm()
    {
        string pidFile = Files.Combine("keepalived.pid");
        string vrrpPidFile = Files.Combine("keepalived_vrrp.pid");

        _first = VrrpNode.StartCommandLine(Lan[1], "--dont-fork", "-f", Configuration(), "-p", pidFile, $"--vrrp_pid={vrrpPidFile}", "-D", "--", "--status-file", "none");
        WaitForPidFile(pidFile, _first);
        WaitForPidFile(vrrpPidFile, _first);
        WaitUntilRunning(_first);

        _first.Terminate();
        _first.WaitForExit(s_timeout).Should().Be(ExitCodes.Success, _first.Output);
        File.Exists(pidFile).Should().BeFalse();
        File.Exists(vrrpPidFile).Should().BeFalse();
    }

    [Fact]
    public void Keepalived_RefusedOption_ExitsBeforeWritingAnything()
    {
        string pidFile = Files.Combine("keepalived.pid");

        _first = VrrpNode.StartCommandLine(Lan[1], "-n", "-C", "-f", Configuration(), "-p", pidFile);

        _first.WaitForExit(s_timeout).Should().Be(ExitCodes.Usage, _first.Output);
        _first.Output.Should().Contain("vrrp: -C/--check is not supported");
        File.Exists(pidFile).Should().BeFalse();
    }

    [Fact]
    public void Keepalived_ConfigTest_ExitsWithKeepalivedsCodeWithoutRunning()
    {
        string configuration = Files.WriteFile("unknown.conf", File.ReadAllText(Configuration()) + "bogus_keyword 1\n");

        _first = VrrpNode.StartCommandLine(Lan[1], "-t", "-f", configuration);

        _first.WaitForExit(s_timeout).Should().Be(5, _first.Output);
        _first.Output.Should().Contain("unknown keyword `bogus_keyword`");
    }

    private static string Pid(VrrpNode node) => node.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n";

    private string Configuration() => Files.WriteFile("keepalived.conf", """
        vrrp_instance VI_1 {
          interface nosuchif0
          virtual_router_id 51
          priority 100
          virtual_ipaddress {
            192.0.2.10/24
          }
        }

        """);

    /// <summary>
    /// Waits for the instance to start: the host handles SIGTERM from then on. The pid file is written just before the
    /// host starts, and a SIGTERM in that moment still kills the process the default way (the next start replaces the file).
    /// </summary>
    private static void WaitUntilRunning(VrrpNode node) =>
        node.WaitForLine(line => line.Contains("VI_1: starting on nosuchif0", StringComparison.Ordinal), s_timeout);

    private static void WaitForPidFile(string path, VrrpNode node)
    {
        string expected = Pid(node);
        DateTime deadline = DateTime.UtcNow + s_timeout;
        while (!(File.Exists(path) && File.ReadAllText(path) == expected))
        {
            DateTime.UtcNow.Should().BeBefore(deadline, $"{path} should hold pid {node.ProcessId}; vrrp printed:\n{node.Output}");
            Thread.Sleep(50);
        }
    }
}
