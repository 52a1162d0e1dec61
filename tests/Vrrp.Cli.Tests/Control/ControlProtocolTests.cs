using System.Text.Json;
using Vrrp.Cli.Control;
using Vrrp.Cli.Status;
using Vrrp.Hosting;
using Vrrp.Hosting.Control;
using Vrrp.StateMachine;

namespace Vrrp.Cli.Tests.Control;

/// <summary>
/// The control socket's line protocol against an in-process server: answers, bad input, floods, clients that leave
/// and peers that are refused.
/// </summary>
[Collection(InProcessCommands.Name)]
public sealed partial class ControlProtocolTests
{
    [Fact]
    public async Task Status_RepliesWithTheStatusDocumentOnOneLine()
    {
        await using var scope = new ControlServerScope();
        using RawControlClient client = scope.ConnectAndSend("{\"command\":\"status\"}\n");

        string line = client.ReadLine()!;
        StatusSnapshot snapshot = JsonSerializer.Deserialize(line, StatusJson.Snapshot)!;
        snapshot.FormatVersion.Should().Be(1);
        snapshot.Instances.Should().ContainSingle().Which.Name.Should().Be("VI_1");
        line.Should().StartWith("{\"format_version\":1,").And.NotContain("\n");
    }

    [Fact]
    public async Task Garbage_GetsOneErrorLineEach_AndTheConnectionStaysUsable()
    {
        await using var scope = new ControlServerScope();
        using RawControlClient client = scope.ConnectAndSend("hello\n{\"command\":\"fly\"}\n[1,2]\n{\"on\":true}\n\r\n{\"command\":\"status\"}\r\n");

        ErrorOf(client.ReadLine()).Should().StartWith("not a JSON request object: ");
        ErrorOf(client.ReadLine()).Should().Be("unknown command 'fly': status, reload, maintenance or watch");
        ErrorOf(client.ReadLine()).Should().StartWith("not a JSON request object: ");
        ErrorOf(client.ReadLine()).Should().Be("a request needs \"command\": status, reload, maintenance or watch");
        client.ReadLine().Should().StartWith("{\"format_version\":1,", "a blank line is skipped and the connection still answers");
    }

    [Fact]
    public async Task OversizeLine_GetsAnErrorAndIsClosed_AndTheServerCarriesOn()
    {
        await using var scope = new ControlServerScope();
        using (RawControlClient client = scope.Connect())
        {
            client.Send(new byte[5000]);

            ErrorOf(client.ReadLine()).Should().Be("request line longer than 1024 bytes: closing");
            client.ReadLine().Should().BeNull();
        }

        AskStatus(scope).Should().StartWith("{\"format_version\":1,");
    }

    [Fact]
    public async Task BadRequestsInARow_CloseTheConnectionAtTheLimit()
    {
        await using var scope = new ControlServerScope(o => o with { MaxConsecutiveErrors = 3 });
        using RawControlClient client = scope.ConnectAndSend("a\nb\nc\nd\n");

        ErrorOf(client.ReadLine()).Should().StartWith("not a JSON");
        ErrorOf(client.ReadLine()).Should().StartWith("not a JSON");
        ErrorOf(client.ReadLine()).Should().EndWith("; 3 bad requests in a row: closing");
        client.ReadLine().Should().BeNull();
    }

    [Fact]
    public async Task Flood_FromAClientThatDoesNotRead_IsDroppedAfterTheWriteTimeout_WhileOthersAreServed()
    {
        await using var scope = new ControlServerScope(o => o with { WriteTimeout = TimeSpan.FromMilliseconds(500) });
        using RawControlClient flooder = scope.Connect();
        byte[] request = "{\"command\":\"status\"}\n"u8.ToArray();
        byte[] flood = [.. Enumerable.Repeat(request, 5000).SelectMany(r => r)];
        Task sending = Task.Run(() =>
        {
            try
            {
                flooder.Send(flood);
            }
            catch (System.Net.Sockets.SocketException)
            {
                // Dropped by the server while still sending: what the test expects.
            }
        }, TestContext.Current.CancellationToken);

        AskStatus(scope).Should().StartWith("{\"format_version\":1,", "one client's flood does not block another");
        await scope.WaitForNoClientsAsync();
        await sending.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Flood_FromAClientThatReads_IsAnsweredInOrder()
    {
        await using var scope = new ControlServerScope();
        using RawControlClient client = scope.ConnectAndSend(string.Concat(Enumerable.Range(0, 200).Select(i => i % 2 == 0 ? "{\"command\":\"status\"}\n" : "{\"command\":\"maintenance\",\"on\":true}\n")));

        for (int i = 0; i < 200; i++)
        {
            client.ReadLine().Should().StartWith(i % 2 == 0 ? "{\"format_version\"" : "{\"ok\":true,\"maintenance\":[\"VI_1\"]}");
        }
    }

    [Fact]
    public async Task ClientLeavingMidRequest_IsCleanedUp()
    {
        await using var scope = new ControlServerScope();
        using (RawControlClient client = scope.Connect())
        {
            client.Send("{\"command\":\"sta");
        }

        await scope.WaitForNoClientsAsync();
        AskStatus(scope).Should().StartWith("{\"format_version\":1,");
    }

    [Fact]
    public async Task ClientLeavingWhileItsReloadRuns_IsCleanedUp_AndTheReloadCompletes()
    {
        await using var scope = new ControlServerScope();
        scope.Target.ReloadGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (RawControlClient client = scope.Connect())
        {
            client.Send("{\"command\":\"reload\"}\n");
            await WaitUntil(() => scope.Target.Reloads.Count == 1);
        }

        scope.Target.ReloadGate.SetResult();
        await scope.WaitForNoClientsAsync();
        AskStatus(scope).Should().StartWith("{\"format_version\":1,");
    }

    [Fact]
    public async Task Reload_RepliesWithThePlan_AndPassesFileAndDryRun()
    {
        await using var scope = new ControlServerScope();
        scope.Target.ReturnPlan(new VrrpReloadAction("vrrp_instance", "VI_1", VrrpReloadActionKind.Update, ["priority 100 -> 90"]));
        using RawControlClient client = scope.ConnectAndSend("{\"command\":\"reload\",\"dryRun\":true,\"file\":\"/etc/keepalived/keepalived.conf\"}\n{\"command\":\"reload\",\"file\":\"relative.conf\"}\n");

        ControlReply reply = JsonSerializer.Deserialize(client.ReadLine()!, ControlJsonContext.Default.ControlReply)!;
        reply.Ok.Should().BeTrue();
        reply.Reload!.DryRun.Should().BeTrue();
        reply.Reload.Actions.Should().ContainSingle().Which.Should().BeEquivalentTo(new VrrpReloadAction("vrrp_instance", "VI_1", VrrpReloadActionKind.Update, ["priority 100 -> 90"]));
        scope.Target.Reloads.Should().Equal(("/etc/keepalived/keepalived.conf", true));
        ErrorOf(client.ReadLine()).Should().Be("\"file\" must be an absolute path; got 'relative.conf'");
    }

    [Fact]
    public async Task Reload_ThatThrows_IsAnErrorLine_AndTheConnectionStaysUsable()
    {
        await using var scope = new ControlServerScope();
        scope.Target.Reload = (_, _) => throw new InvalidOperationException("host not started");
        using RawControlClient client = scope.ConnectAndSend("{\"command\":\"reload\"}\n{\"command\":\"status\"}\n");

        ErrorOf(client.ReadLine()).Should().Be("reload failed: host not started");
        client.ReadLine().Should().StartWith("{\"format_version\":1,");
    }

    [Fact]
    public async Task Maintenance_OnOffAndUnknownInstance()
    {
        await using var scope = new ControlServerScope();
        using RawControlClient client = scope.ConnectAndSend("{\"command\":\"maintenance\",\"on\":true,\"instance\":\"VI_1\"}\n{\"command\":\"maintenance\",\"on\":true,\"instance\":\"VI_9\"}\n{\"command\":\"maintenance\",\"on\":false}\n{\"command\":\"maintenance\"}\n");

        client.ReadLine().Should().Be("{\"ok\":true,\"maintenance\":[\"VI_1\"]}");
        ErrorOf(client.ReadLine()).Should().Be("no instance 'VI_9'");
        client.ReadLine().Should().Be("{\"ok\":true,\"maintenance\":[]}");
        ErrorOf(client.ReadLine()).Should().Be("maintenance needs \"on\": true or false");
    }

    [Fact]
    public async Task Watch_StreamsEveryStateChange_AndDropsAtMostOncePerInterval()
    {
        await using var scope = new ControlServerScope();
        using RawControlClient client = scope.Connect();
        scope.Target.AddDrops("auth_failure", 5);

        client.Send("{\"command\":\"watch\"}\n");
        client.ReadLine().Should().Be("{\"ok\":true,\"watching\":true}");
        await WaitUntil(() => scope.Target.Watchers == 1);
        scope.Target.Publish(new VrrpStateChange(3, "VI_1", VrrpState.Backup, VrrpState.Master, VrrpTransitionReason.MasterDownTimerExpired, 100, "master: it's ours", DateTimeOffset.UnixEpoch));
        ControlEvent change = Event(client.ReadLine());
        change.Should().Be(new ControlEvent("state", "VI_1", DateTimeOffset.UnixEpoch, 3, "backup", "master", "MasterDownTimerExpired", 100, "master: it's ours"));

        scope.Target.AddDrops("auth_failure", 3);
        scope.Target.AddDrops("packet_bad_checksum", 1);
        ControlEvent[] drops = [Event(client.ReadLine()), Event(client.ReadLine())];
        drops.Should().ContainEquivalentOf(new { Event = "drops", Instance = "VI_1", Reason = "auth_failure", Count = 3L, Total = 8L }, "drops before the watch began are not reported again");
        drops.Should().ContainEquivalentOf(new { Event = "drops", Instance = "VI_1", Reason = "packet_bad_checksum", Count = 1L, Total = 1L });
    }

    [Fact]
    public async Task ClientLeavingMidWatch_EndsTheWatchAndIsCleanedUp()
    {
        await using var scope = new ControlServerScope();
        using (RawControlClient client = scope.Connect())
        {
            client.Send("{\"command\":\"watch\"}\n");
            client.ReadLine().Should().Be("{\"ok\":true,\"watching\":true}");
            await WaitUntil(() => scope.Target.Watchers == 1);
        }

        await WaitUntil(() => scope.Target.Watchers == 0);
        await scope.WaitForNoClientsAsync();
        scope.Log.ToString().Should().BeEmpty("a client leaving is normal, not an error");
    }

    [Fact]
    public async Task HostStopping_EndsTheWatch()
    {
        await using var scope = new ControlServerScope();
        using RawControlClient client = scope.ConnectAndSend("{\"command\":\"watch\"}\n");
        client.ReadLine().Should().Be("{\"ok\":true,\"watching\":true}");
        await WaitUntil(() => scope.Target.Watchers == 1);

        scope.Target.Stop();

        client.ReadLine().Should().BeNull();
    }

    [Fact]
    public async Task TooManyClients_TheNextGetsAnErrorAndIsClosed()
    {
        await using var scope = new ControlServerScope(o => o with { MaxClients = 2 });
        using RawControlClient first = scope.Connect();
        using RawControlClient second = scope.Connect();
        await WaitUntil(() => scope.Server.ClientCount == 2);

        using RawControlClient third = scope.Connect();

        ErrorOf(third.ReadLine()).Should().Be("too many clients (at most 2 at once); try again later");
        third.ReadLine().Should().BeNull();
        first.Send("{\"command\":\"status\"}\n");
        first.ReadLine().Should().StartWith("{\"format_version\":1,");
    }

    [Fact]
    public async Task IdleClient_IsToldAndClosed()
    {
        await using var scope = new ControlServerScope(o => o with { IdleTimeout = TimeSpan.FromMilliseconds(300) });
        using RawControlClient client = scope.Connect();

        ErrorOf(client.ReadLine()).Should().Be("no request for 0.3 s: closing");
        client.ReadLine().Should().BeNull();
    }

    [Fact]
    public async Task UnauthorizedPeer_GetsTheRefusalAndIsClosed_WithItsRealCredentialsChecked()
    {
        var seen = new List<PeerCredentials>();
        await using var scope = new ControlServerScope(refusalOf: peer =>
        {
            lock (seen)
            {
                seen.Add(peer);
            }

            return "uid 0 is not allowed: test";
        });
        using RawControlClient client = scope.ConnectAndSend("{\"command\":\"status\"}\n");

        ErrorOf(client.ReadLine()).Should().Be("uid 0 is not allowed: test");
        client.ReadLine().Should().BeNull();
        seen.Should().ContainSingle().Which.ProcessId.Should().Be(Environment.ProcessId);
        seen[0].UserId.Should().Be(ControlAuthorization.ForThisProcess(null).DaemonUserId);
    }

    internal static string AskStatus(ControlServerScope scope)
    {
        using RawControlClient client = scope.ConnectAndSend("{\"command\":\"status\"}\n");
        return client.ReadLine()!;
    }

    internal static async Task WaitUntil(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    private static string? ErrorOf(string? line)
    {
        line.Should().NotBeNull("the server answers before it closes");
        using JsonDocument document = JsonDocument.Parse(line!);
        document.RootElement.GetProperty("ok").GetBoolean().Should().BeFalse();
        return document.RootElement.GetProperty("error").GetString();
    }

    private static ControlEvent Event(string? line) => JsonSerializer.Deserialize(line!, ControlJsonContext.Default.ControlEvent)!;
}
