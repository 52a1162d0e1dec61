using Microsoft.Extensions.Diagnostics.HealthChecks;
using Vrrp.Config;
using Vrrp.Hosting.Health;

namespace Vrrp.Hosting.Tests.Health;

[SupportedOSPlatform("linux")]
public sealed class ScriptHealthCheckTests : HostedTest
{
    [LinuxFact("runs a /bin/sh script")]
    public async Task CheckHealthAsync_ScriptExitsZero_IsHealthy()
    {
        string script = Scene.Directory.WriteScript("ok.sh", "exit 0");

        HealthCheckResult result = await Check(script, TimeSpan.FromSeconds(5));

        result.Status.Should().Be(HealthStatus.Healthy);
        result.Data["exitCode"].Should().Be(0);
    }

    [LinuxFact("runs a /bin/sh script")]
    public async Task CheckHealthAsync_ScriptExitsOne_IsUnhealthyWithExitCode()
    {
        string script = Scene.Directory.WriteScript("fail.sh", "exit 1");

        HealthCheckResult result = await Check(script, TimeSpan.FromSeconds(5));

        result.Status.Should().Be(HealthStatus.Unhealthy);
        result.Description.Should().EndWith("exit code 1");
    }

    [LinuxFact("runs test(1) and /bin/sh")]
    public async Task CheckHealthAsync_ArgumentsAreSplitAsKeepalivedDoesWithoutAShell()
    {
        string marker = Scene.Directory.Combine("healthy");
        File.WriteAllText(marker, string.Empty);

        (await Check($"test -f {marker}", TimeSpan.FromSeconds(5))).Status.Should().Be(HealthStatus.Healthy);
        (await Check($"test -f '{marker}.missing'", TimeSpan.FromSeconds(5))).Status.Should().Be(HealthStatus.Unhealthy);

        // No shell: '&&' is an argument to test, which then fails with "too many arguments".
        (await Check($"test -f {marker} && true", TimeSpan.FromSeconds(5))).Status.Should().Be(HealthStatus.Unhealthy);
        (await Check($"/bin/sh -c \"test -f {marker} && true\"", TimeSpan.FromSeconds(5))).Status.Should().Be(HealthStatus.Healthy);
    }

    [LinuxFact("runs a /bin/sh script and reads /proc")]
    public async Task CheckHealthAsync_ScriptRunsPastTimeout_IsKilledWithItsChildrenAndUnhealthy()
    {
        string pidFile = Scene.Directory.Combine("child.pid");
        string script = Scene.Directory.WriteScript("hang.sh", $"sleep 30 &\necho $! > {pidFile}\nwait");
        var watch = Stopwatch.StartNew();

        HealthCheckResult result = await Check(script, TimeSpan.FromMilliseconds(300));

        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
        result.Status.Should().Be(HealthStatus.Unhealthy);
        result.Description.Should().Contain("timed out after 0.3 s and was killed");
        int child = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        await HostedNode.Until(() => !IsRunning(child), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task CheckHealthAsync_MissingProgram_IsUnhealthyNotAnException()
    {
        HealthCheckResult result = await Check(Scene.Directory.Combine("no-such-script"), TimeSpan.FromSeconds(5));

        result.Status.Should().Be(HealthStatus.Unhealthy);
        result.Description.Should().Contain("could not start");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("check \"unterminated")]
    public void Constructor_BadCommandLine_ThrowsFormatException(string script)
    {
        Action create = () => _ = new ScriptHealthCheck(script, TimeSpan.FromSeconds(1));

        create.Should().Throw<FormatException>();
    }

    [Theory]
    [InlineData("killall -0 haproxy", new[] { "killall", "-0", "haproxy" })]
    [InlineData("  /a\t b  ", new[] { "/a", "b" })]
    [InlineData("/bin/sh -c 'echo a b; exit 1'", new[] { "/bin/sh", "-c", "echo a b; exit 1" })]
    [InlineData("x \"a \\\"b\\\" c\" d\\ e", new[] { "x", "a \"b\" c", "d e" })]
    [InlineData("x ''", new[] { "x", "" })]
    public void Split_QuotesAndEscapes_FollowKeepalived(string line, string[] expected)
    {
        KeepalivedCommandLine.Split(line).Should().Equal(expected);
    }

    private static bool IsRunning(int pid)
    {
        // A killed child may linger as a zombie until reaped; only a running or sleeping process counts.
        string stat = $"/proc/{pid}/stat";
        return File.Exists(stat) && File.ReadAllText(stat).Split(' ')[2] is not "Z" and not "X";
    }

    private static Task<HealthCheckResult> Check(string script, TimeSpan timeout)
    {
        var check = new ScriptHealthCheck(script, timeout);
        return check.CheckHealthAsync(new HealthCheckContext { Registration = new HealthCheckRegistration("chk", check, HealthStatus.Unhealthy, null) }, TestContext.Current.CancellationToken);
    }
}
