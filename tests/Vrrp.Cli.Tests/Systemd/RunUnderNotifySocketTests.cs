using Vrrp.TestSupport.Systemd;

namespace Vrrp.Cli.Tests.Systemd;

/// <summary>
/// The real <c>vrrp run -f</c> on a namespace LAN with <c>NOTIFY_SOCKET</c> (and <c>WATCHDOG_USEC</c>) pointing at the
/// test's own socket, as systemd starts it from packaging/systemd/vrrp.service.
/// </summary>
public sealed class RunUnderNotifySocketTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(15);
    private readonly TempDirectory _files = new();
    private NetnsLan? _lan;
    private VrrpNode? _first;

    private NetnsLan Lan => _lan ?? throw new InvalidOperationException("the test has not created its LAN");

    private TempDirectory Files => _files;

    public void Dispose()
    {
        VrrpNodes.DisposeAll(output, _lan, _first);
        _files.Dispose();
    }

    [Fact]
    public async Task RunFile_UnderNotifySocket_ReadyOnceTheInstanceRuns_StatusFollows_StoppingOnSigterm()
    {
        _lan = NetnsLan.Create(1);
        await using var listener = new NotifySocketListener(Files);
        _first = VrrpNode.Start(Lan[1], Environment(listener), "-f", WriteConfig());

        await listener.WaitForAsync(l => l.States.Contains("READY=1"), s_timeout);
        _first.HasLine(l => l.Contains(" -> Backup ", StringComparison.Ordinal)).Should().BeTrue("READY=1 comes after the instance started");
        listener.Datagrams.Should().Contain("READY=1\nSTATUS=1 instance: 1 backup");

        // Alone on the LAN, the backup takes over after Master_Down_Interval: STATUS= follows.
        await listener.WaitForAsync(l => l.LastStatus == "1 instance: 1 master", s_timeout);

        _first.Terminate();
        _first.WaitForExit(TimeSpan.FromSeconds(10)).Should().Be(0);
        await listener.WaitForAsync(l => l.States.Contains("STOPPING=1"));
        listener.States.Should().Equal("READY=1", "STOPPING=1");
    }

    // Waits on the reload helper (SIGHUP reloads) and the live helper (VrrpInstance.ProbeLoopAsync feeds the watchdog).
    [Fact]
    public async Task RunFile_SighupAndWatchdog_ReloadingWithMonotonicUsecThenReady_PingsEveryHalfWatchdogUsec()
    {
        _lan = NetnsLan.Create(1);
        await using var listener = new NotifySocketListener(Files);
        _first = VrrpNode.Start(Lan[1], Environment(listener, watchdogUsec: 1_000_000), "-f", WriteConfig());
        await listener.WaitForAsync(l => l.States.Contains("READY=1") && l.WatchdogPings >= 1, s_timeout);

        int first = listener.WatchdogPings;
        await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
        (listener.WatchdogPings - first).Should().BeInRange(4, 7, "a ping every 500 ms (WATCHDOG_USEC / 2)");

        long before = System.Environment.TickCount64;
        Command.Run("kill", "-HUP", _first.ProcessId.ToString(CultureInfo.InvariantCulture));
        await listener.WaitForAsync(l => l.States.Count >= 4, s_timeout);
        long after = System.Environment.TickCount64;
        listener.States.Take(4).Should().Equal("READY=1", "RELOADING=1", "MONOTONIC_USEC", "READY=1");

        // Another process's CLOCK_MONOTONIC: TickCount64 reads the same clock (coarse), so the daemon sent the real one.
        string monotonic = listener.Lines.Single(l => l.StartsWith("MONOTONIC_USEC=", StringComparison.Ordinal));
        (long.Parse(monotonic["MONOTONIC_USEC=".Length..], CultureInfo.InvariantCulture) / 1000).Should().BeInRange(before - 50, after + 50);
        listener.LastStatus.Should().EndWith(" ok");

        _first.Terminate();
        _first.WaitForExit(TimeSpan.FromSeconds(10)).Should().Be(0);
        await listener.WaitForAsync(l => l.States.Contains("STOPPING=1"));
    }

    private static Dictionary<string, string> Environment(NotifySocketListener listener, long? watchdogUsec = null)
    {
        var environment = new Dictionary<string, string> { ["NOTIFY_SOCKET"] = listener.Path };
        if (watchdogUsec is { } usec)
        {
            environment["WATCHDOG_USEC"] = usec.ToString(CultureInfo.InvariantCulture);
        }

        return environment;
    }

    private string WriteConfig() => Files.WriteFile("keepalived.conf", """
        vrrp_instance VI_1 {
            state BACKUP
            interface eth0
            virtual_router_id 51
            priority 100
            advert_int 1
            virtual_ipaddress {
                10.99.0.100/24
            }
        }
        """);
}
