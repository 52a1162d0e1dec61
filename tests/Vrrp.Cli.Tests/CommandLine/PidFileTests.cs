using Vrrp.Cli.Daemon;

namespace Vrrp.Cli.Tests.CommandLine;

/// <summary>Pid files: written with the pid, a live holder refused, a stale one replaced, removed when released.</summary>
public sealed class PidFileTests : IDisposable
{
    private const int OurPid = 4_000_000;
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Acquire_NoFile_WritesThePidAndANewlineWithMode0644AndRemovesItOnDispose()
    {
        string path = _directory.Combine("run/vrrp.pid");

        using (PidFile? pid = Acquire(path))
        {
            pid.Should().NotBeNull();
            File.ReadAllText(path).Should().Be($"{OurPid}\n");
            File.GetUnixFileMode(path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        File.Exists(path).Should().BeFalse();
    }

    [Fact]
    public void Acquire_FileOfARunningProcess_IsRefusedAsAlreadyRunningAndLeftAlone()
    {
        using Process sleeper = Process.Start("sleep", "30");
        string path = _directory.WriteFile("vrrp.pid", $"{sleeper.Id}\n");
        try
        {
            Acquire(path, out PidFileProblem? problem).Should().BeNull();

            problem!.AlreadyRunning.Should().BeTrue();
            problem.ExitCode.Should().Be(ExitCodes.AlreadyRunning);
            problem.ToString().Should().Be($"{path}: already running: pid {sleeper.Id} holds this pid file");
            File.ReadAllText(path).Should().Be($"{sleeper.Id}\n");
        }
        finally
        {
            sleeper.Kill();
        }
    }

    [Theory]
    [InlineData("stale")]
    [InlineData("")]
    [InlineData("own")]
    public void Acquire_StaleEmptyOrOwnPid_IsReplaced(string content)
    {
        string text = content switch
        {
            "stale" => DeadProcessId().ToString(CultureInfo.InvariantCulture) + "\n",
            "own" => $"{OurPid}\n",
            _ => string.Empty,
        };
        string path = _directory.WriteFile("vrrp.pid", text);

        using PidFile? pid = Acquire(path);

        pid.Should().NotBeNull();
        File.ReadAllText(path).Should().Be($"{OurPid}\n");
    }

    [Fact]
    public void Acquire_FileThatIsNotAPidFile_IsNeverOverwritten()
    {
        string path = _directory.WriteFile("passwd", "root:x:0:0:root:/root:/bin/bash\n");

        Acquire(path, out PidFileProblem? problem).Should().BeNull();

        problem!.AlreadyRunning.Should().BeFalse();
        problem.ExitCode.Should().Be(ExitCodes.BadInput);
        problem.Message.Should().Contain("is not a pid file");
        File.ReadAllText(path).Should().StartWith("root:");
    }

    [Fact]
    public void Acquire_SymbolicLink_IsNotFollowed()
    {
        string target = _directory.WriteFile("target", "precious\n");
        string path = _directory.Combine("vrrp.pid");
        File.CreateSymbolicLink(path, target);

        Acquire(path, out PidFileProblem? problem).Should().BeNull();

        problem!.Message.Should().Contain("symbolic link");
        File.ReadAllText(target).Should().Be("precious\n");
    }

    [Fact]
    public void Acquire_TwoFiles_BothHoldThePidAndTheSameFileTwiceIsWrittenOnce()
    {
        string first = _directory.Combine("keepalived.pid");
        string second = _directory.Combine("keepalived_vrrp.pid");

        using PidFile? pid = PidFile.Acquire([first, second, first], OurPid, out _);

        pid!.Paths.Should().Equal(first, second);
        File.ReadAllText(first).Should().Be(File.ReadAllText(second));
    }

    [Fact]
    public void Acquire_SecondFileRefused_RemovesTheFirst()
    {
        string first = _directory.Combine("keepalived.pid");
        string second = _directory.WriteFile("keepalived_vrrp.pid", "not a pid\n");

        PidFile.Acquire([first, second], OurPid, out PidFileProblem? problem).Should().BeNull();

        problem!.Path.Should().Be(second);
        File.Exists(first).Should().BeFalse();
    }

    [Fact]
    public void Dispose_FileTakenOverByAnotherProcess_IsLeft()
    {
        string path = _directory.Combine("vrrp.pid");
        PidFile pid = Acquire(path)!;
        File.WriteAllText(path, "12345\n");

        pid.Dispose();

        File.ReadAllText(path).Should().Be("12345\n");
    }

    [Fact]
    public void IsRunning_ThisProcessYesAnExitedOneNo()
    {
        PidFile.IsRunning(Environment.ProcessId).Should().BeTrue();
        PidFile.IsRunning(DeadProcessId()).Should().BeFalse();
    }

    private static PidFile? Acquire(string path) => Acquire(path, out _);

    private static PidFile? Acquire(string path, out PidFileProblem? problem) => PidFile.Acquire([path], OurPid, out problem);

    /// <summary>The pid of a process that has exited (and been reaped), so no process has it for now.</summary>
    private static int DeadProcessId()
    {
        using Process process = Process.Start("true");
        process.WaitForExit();
        return process.Id;
    }
}
