using System.Text.Json;
using Vrrp.Cli.Status;
using Vrrp.Hosting.Control;
using Vrrp.Hosting;
using Vrrp.StateMachine;

namespace Vrrp.Cli.Tests.Control;

// vrrp status, reload, maintenance and watch as a user runs them: what they print, and their exit codes.
public sealed partial class ControlProtocolTests
{
    [Fact]
    public async Task Status_AsksTheSocket_TableAndJson()
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        await using var scope = new ControlServerScope();

        (await StatusCommand.RunAsync(scope.Path, scope.Directory.Combine("missing.json"), json: false, output, error, TestContext.Current.CancellationToken)).Should().Be(ExitCodes.Success);
        (await StatusCommand.RunAsync(scope.Path, scope.Directory.Combine("missing.json"), json: true, output, error, TestContext.Current.CancellationToken)).Should().Be(ExitCodes.Success);

        error.ToString().Should().BeEmpty();
        output.ToString().Should().Contain("VI_1      51    MASTER").And.Contain("\"format_version\": 1,", "--json prints the status file's document, indented as the file");
    }

    [Fact]
    public async Task Status_NoDaemon_FallsBackToTheStatusFile()
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        await using var scope = new ControlServerScope();
        string file = scope.Directory.Combine("status.json");
        File.WriteAllText(file, JsonSerializer.Serialize(scope.Target.CaptureStatus(), StatusJson.Snapshot));

        int exitCode = await StatusCommand.RunAsync(scope.Directory.Combine("nobody.sock"), file, json: false, output, error, TestContext.Current.CancellationToken);

        exitCode.Should().Be(ExitCodes.Success);
        output.ToString().Should().Contain("VI_1      51    MASTER");
    }

    [Fact]
    public async Task Status_NoDaemonNoFile_SaysBoth()
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        await using var scope = new ControlServerScope();
        string socket = scope.Directory.Combine("nobody.sock");
        string file = scope.Directory.Combine("status.json");

        int exitCode = await StatusCommand.RunAsync(socket, file, json: false, output, error, TestContext.Current.CancellationToken);

        ShouldHaveFailed(error, exitCode, ExitCodes.BadInput,
            $"vrrp status: {socket}: no vrrp daemon answers (vrrp run not running, or run with another --control-socket?)",
            $"vrrp status: {file}: no such file: vrrp run not running (or run with --status-file none)?");
    }

    [Fact]
    public async Task Reload_DryRun_PrintsThePlanOneLinePerAction()
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        await using var scope = new ControlServerScope();
        scope.Target.ReturnPlan(
            new VrrpReloadAction("vrrp_instance", "VI_1", VrrpReloadActionKind.Update, ["priority 100 -> 90", "+ 10.0.0.9/24"]),
            new VrrpReloadAction("vrrp_instance", "VI_2", VrrpReloadActionKind.Keep, []));

        int exitCode = await ReloadCommand.RunAsync(scope.Path, "next.conf", dryRun: true, output, error, TestContext.Current.CancellationToken);

        exitCode.Should().Be(ExitCodes.Success);
        output.ToString().Split(Environment.NewLine).Should().StartWith(
            "update  vrrp_instance VI_1: priority 100 -> 90; + 10.0.0.9/24",
            "keep    vrrp_instance VI_2",
            "dry run: nothing was applied.");
        scope.Target.Reloads.Should().Equal((Path.GetFullPath("next.conf"), true));
    }

    [Fact]
    public async Task Reload_Refused_PrintsTheErrorsAndExitsOne()
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        await using var scope = new ControlServerScope();
        scope.Target.Reload = (_, _) => new VrrpReloadResult { At = DateTimeOffset.UnixEpoch, Errors = ["/etc/keepalived/keepalived.conf:12:5: error: priority must be 1-255"] };

        int exitCode = await ReloadCommand.RunAsync(scope.Path, null, dryRun: false, output, error, TestContext.Current.CancellationToken);

        ShouldHaveFailed(error, exitCode, ExitCodes.BadInput,
            "/etc/keepalived/keepalived.conf:12:5: error: priority must be 1-255",
            "vrrp reload: refused: 1 error(s); the running configuration is unchanged.");
    }

    [Fact]
    public async Task Commands_NoDaemon_SayWhyAndExitNoDaemon()
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        await using var scope = new ControlServerScope();
        string socket = scope.Directory.Combine("nobody.sock");
        string expected = $"{socket}: no vrrp daemon answers (vrrp run not running, or run with another --control-socket?)";

        (await ReloadCommand.RunAsync(socket, null, false, output, error, TestContext.Current.CancellationToken)).Should().Be(ExitCodes.NoDaemon);
        (await MaintenanceCommand.RunAsync(socket, true, null, output, error, TestContext.Current.CancellationToken)).Should().Be(ExitCodes.NoDaemon);
        (await WatchCommand.RunAsync(socket, false, output, error, TestContext.Current.CancellationToken)).Should().Be(ExitCodes.NoDaemon);

        error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Should().Equal(
            $"vrrp reload: {expected}", $"vrrp maintenance: {expected}", $"vrrp watch: {expected}");
    }

    [Fact]
    public async Task Maintenance_OnThenUnknownInstance()
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        await using var scope = new ControlServerScope();

        (await MaintenanceCommand.RunAsync(scope.Path, true, "VI_1", output, error, TestContext.Current.CancellationToken)).Should().Be(ExitCodes.Success);
        (await MaintenanceCommand.RunAsync(scope.Path, true, "VI_7", output, error, TestContext.Current.CancellationToken)).Should().Be(ExitCodes.BadInput);

        output.ToString().Should().Be($"in maintenance: VI_1{Environment.NewLine}");
        error.ToString().Should().Be($"vrrp maintenance: no instance 'VI_7'{Environment.NewLine}");
    }

    [Fact]
    public async Task Watch_PrintsChangesForPeople_UntilTheDaemonStops()
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        await using var scope = new ControlServerScope();
        Task<int> watching = WatchCommand.RunAsync(scope.Path, json: false, TextWriter.Synchronized(output), error, TestContext.Current.CancellationToken);
        await ControlProtocolTests.WaitUntil(() => scope.Target.Watchers == 1);

        scope.Target.Publish(new VrrpStateChange(1, "VI_1", VrrpState.Backup, VrrpState.Master, VrrpTransitionReason.MasterDownTimerExpired, 100, "master: it's ours", new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        await ControlProtocolTests.WaitUntil(() => output.ToString().Length > 0);
        scope.Target.Stop();

        (await watching.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken)).Should().Be(ExitCodes.Success);
        output.ToString().Should().Be($"2030-01-01T00:00:00.000Z VI_1 backup -> master (MasterDownTimerExpired) priority 100: master: it's ours{Environment.NewLine}");
        error.ToString().Should().Be($"vrrp watch: the daemon closed the connection (stopped).{Environment.NewLine}");
    }

    private static void ShouldHaveFailed(StringWriter error, int exitCode, int expected, params string[] errorLines)
    {
        exitCode.Should().Be(expected);
        error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Should().Equal(errorLines);
    }
}
