using System.Text.Json;
using Vrrp.Cli.Commands;
using Vrrp.Cli.Status;
using Vrrp.Hosting.Control;
using Vrrp.Hosting;
using Vrrp.StateMachine;

namespace Vrrp.Cli.Tests.Control;

/// <summary>
/// <c>vrrp status</c>, <c>reload</c>, <c>maintenance</c> and <c>watch</c> as a user runs them, against an in-process
/// control socket: what they print, and their exit codes.
/// </summary>
[Collection(InProcessCommands.Name)]
public sealed class ControlCommandTests : IDisposable
{
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    public void Dispose()
    {
        _output.Dispose();
        _error.Dispose();
    }

    [Fact]
    public async Task Status_AsksTheSocket_TableAndJson()
    {
        await using var scope = new ControlServerScope();

        (await StatusCommand.RunAsync(scope.Path, scope.Directory.Combine("missing.json"), json: false, _output, _error, TestContext.Current.CancellationToken)).Should().Be(ExitCodes.Success);
        (await StatusCommand.RunAsync(scope.Path, scope.Directory.Combine("missing.json"), json: true, _output, _error, TestContext.Current.CancellationToken)).Should().Be(ExitCodes.Success);

        _error.ToString().Should().BeEmpty();
        _output.ToString().Should().Contain("VI_1      51    MASTER").And.Contain("\"format_version\": 1,", "--json prints the status file's document, indented as the file");
    }

    [Fact]
    public async Task Status_NoDaemon_FallsBackToTheStatusFile()
    {
        await using var scope = new ControlServerScope();
        string file = scope.Directory.Combine("status.json");
        File.WriteAllText(file, JsonSerializer.Serialize(scope.Target.CaptureStatus(), StatusJson.Snapshot));

        int exitCode = await StatusCommand.RunAsync(scope.Directory.Combine("nobody.sock"), file, json: false, _output, _error, TestContext.Current.CancellationToken);

        exitCode.Should().Be(ExitCodes.Success);
        _output.ToString().Should().Contain("VI_1      51    MASTER");
    }

    [Fact]
    public async Task Status_NoDaemonNoFile_SaysBoth()
    {
        await using var scope = new ControlServerScope();
        string socket = scope.Directory.Combine("nobody.sock");
        string file = scope.Directory.Combine("status.json");

        int exitCode = await StatusCommand.RunAsync(socket, file, json: false, _output, _error, TestContext.Current.CancellationToken);

        ShouldHaveFailed(exitCode, ExitCodes.BadInput,
            $"vrrp status: {socket}: no vrrp daemon answers (vrrp run not running, or run with another --control-socket?)",
            $"vrrp status: {file}: no such file: vrrp run not running (or run with --status-file none)?");
    }

    [Fact]
    public async Task Reload_DryRun_PrintsThePlanOneLinePerAction()
    {
        await using var scope = new ControlServerScope();
        scope.Target.ReturnPlan(
            new VrrpReloadAction("vrrp_instance", "VI_1", VrrpReloadActionKind.Update, ["priority 100 -> 90", "+ 10.0.0.9/24"]),
            new VrrpReloadAction("vrrp_instance", "VI_2", VrrpReloadActionKind.Keep, []));

        int exitCode = await ReloadCommand.RunAsync(scope.Path, "next.conf", dryRun: true, _output, _error, TestContext.Current.CancellationToken);

        exitCode.Should().Be(ExitCodes.Success);
        _output.ToString().Split(Environment.NewLine).Should().StartWith(
            "update  vrrp_instance VI_1: priority 100 -> 90; + 10.0.0.9/24",
            "keep    vrrp_instance VI_2",
            "dry run: nothing was applied.");
        scope.Target.Reloads.Should().Equal((Path.GetFullPath("next.conf"), true));
    }

    [Fact]
    public async Task Reload_Refused_PrintsTheErrorsAndExitsOne()
    {
        await using var scope = new ControlServerScope();
        scope.Target.Reload = (_, _) => new VrrpReloadResult { At = DateTimeOffset.UnixEpoch, Errors = ["/etc/keepalived/keepalived.conf:12:5: error: priority must be 1-255"] };

        int exitCode = await ReloadCommand.RunAsync(scope.Path, null, dryRun: false, _output, _error, TestContext.Current.CancellationToken);

        ShouldHaveFailed(exitCode, ExitCodes.BadInput,
            "/etc/keepalived/keepalived.conf:12:5: error: priority must be 1-255",
            "vrrp reload: refused: 1 error(s); the running configuration is unchanged.");
    }

    [Fact]
    public async Task Commands_NoDaemon_SayWhyAndExitNoDaemon()
    {
        await using var scope = new ControlServerScope();
        string socket = scope.Directory.Combine("nobody.sock");
        string expected = $"{socket}: no vrrp daemon answers (vrrp run not running, or run with another --control-socket?)";

        (await ReloadCommand.RunAsync(socket, null, false, _output, _error, TestContext.Current.CancellationToken)).Should().Be(ExitCodes.NoDaemon);
        (await MaintenanceCommand.RunAsync(socket, true, null, _output, _error, TestContext.Current.CancellationToken)).Should().Be(ExitCodes.NoDaemon);
        (await WatchCommand.RunAsync(socket, false, _output, _error, TestContext.Current.CancellationToken)).Should().Be(ExitCodes.NoDaemon);

        _error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Should().Equal(
            $"vrrp reload: {expected}", $"vrrp maintenance: {expected}", $"vrrp watch: {expected}");
    }

    [Fact]
    public async Task Maintenance_OnThenUnknownInstance()
    {
        await using var scope = new ControlServerScope();

        (await MaintenanceCommand.RunAsync(scope.Path, true, "VI_1", _output, _error, TestContext.Current.CancellationToken)).Should().Be(ExitCodes.Success);
        (await MaintenanceCommand.RunAsync(scope.Path, true, "VI_7", _output, _error, TestContext.Current.CancellationToken)).Should().Be(ExitCodes.BadInput);

        _output.ToString().Should().Be($"in maintenance: VI_1{Environment.NewLine}");
        _error.ToString().Should().Be($"vrrp maintenance: no instance 'VI_7'{Environment.NewLine}");
    }

    [Fact]
    public async Task Watch_PrintsChangesForPeople_UntilTheDaemonStops()
    {
        await using var scope = new ControlServerScope();
        Task<int> watching = WatchCommand.RunAsync(scope.Path, json: false, TextWriter.Synchronized(_output), _error, TestContext.Current.CancellationToken);
        await ControlProtocolTests.WaitUntil(() => scope.Target.Watchers == 1);

        scope.Target.Publish(new VrrpStateChange(1, "VI_1", VrrpState.Backup, VrrpState.Master, VrrpTransitionReason.MasterDownTimerExpired, 100, "master: it's ours", new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        await ControlProtocolTests.WaitUntil(() => _output.ToString().Length > 0);
        scope.Target.Stop();

        (await watching.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken)).Should().Be(ExitCodes.Success);
        _output.ToString().Should().Be($"2030-01-01T00:00:00.000Z VI_1 backup -> master (MasterDownTimerExpired) priority 100: master: it's ours{Environment.NewLine}");
        _error.ToString().Should().Be($"vrrp watch: the daemon closed the connection (stopped).{Environment.NewLine}");
    }

    private void ShouldHaveFailed(int exitCode, int expected, params string[] errorLines)
    {
        exitCode.Should().Be(expected);
        _error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Should().Equal(errorLines);
    }
}
