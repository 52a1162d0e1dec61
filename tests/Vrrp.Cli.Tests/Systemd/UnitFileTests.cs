
namespace Vrrp.Cli.Tests.Systemd;

/// <summary>packaging/systemd/vrrp.service: what it asks for, and that systemd itself accepts it.</summary>
public sealed class UnitFileTests : IDisposable
{
    private const string InstalledBinary = "/usr/local/bin/vrrp";
    private readonly TempDirectory _directory = new();

    [Fact]
    public void Unit_IsTypeNotifyWithReloadWatchdogAndOnlyTheNetworkCapabilities()
    {
        string[] lines = File.ReadAllLines(UnitPath());

        lines.Should().Contain("Type=notify")
            .And.Contain($"ExecStart={InstalledBinary} run -f /etc/keepalived/keepalived.conf")
            .And.Contain("ExecReload=/bin/kill -HUP $MAINPID")
            .And.Contain("Restart=on-failure")
            .And.Contain("RuntimeDirectory=vrrp")
            .And.Contain("NoNewPrivileges=no")
            .And.Contain("Environment=DOTNET_GCgen0size=400000", "a large L3 cache would otherwise size the GC's gen0 budget (docs/scale.md)");
        lines.Should().ContainSingle(l => l.StartsWith("WatchdogSec=", StringComparison.Ordinal));
        lines.Where(l => l.StartsWith("CapabilityBoundingSet=", StringComparison.Ordinal) || l.StartsWith("AmbientCapabilities=", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf('=') + 1)..])
            .Should().Equal("CAP_NET_ADMIN CAP_NET_RAW", "CAP_NET_ADMIN CAP_NET_RAW");
        lines.Should().NotContain(l => l.StartsWith("PrivateTmp=yes", StringComparison.Ordinal) || l.StartsWith("MemoryDenyWriteExecute=", StringComparison.Ordinal));
    }

    [Fact]
    public void SystemdAnalyzeVerify_AcceptsTheUnitWithoutAWarning()
    {
        CommandResult result = Verify(File.ReadAllText(UnitPath()));

        result.ExitCode.Should().Be(0, result.Error);
        (result.Output + result.Error).Trim().Should().BeEmpty("systemd-analyze verify prints every unknown key or bad value it ignores");
    }

    [Fact]
    public void SystemdAnalyzeVerify_ReportsAnUnknownKey_SoTheCheckAboveCanFail()
    {
        CommandResult result = Verify(File.ReadAllText(UnitPath()).Replace("KillMode=mixed", "KilMode=mixed", StringComparison.Ordinal));

        result.Error.Should().Contain("Unknown key 'KilMode'");
    }

    public void Dispose() => _directory.Dispose();

    private CommandResult Verify(string unit)
    {
        string? analyze = IntegrationPrerequisites.Find("systemd-analyze");
        if (analyze is null)
        {
            IntegrationPrerequisites.MissingAsReported("systemd-analyze is not installed (apt-get install -y systemd; ./test.sh installs it as root).");
        }

        // verify also checks that ExecStart's binary exists and is executable: a stand-in takes the installed path's place.
        string binary = _directory.WriteScript("vrrp", "exit 0");
        string path = _directory.WriteFile("vrrp.service", unit.Replace(InstalledBinary, binary, StringComparison.Ordinal));
        return Command.TryRun(TimeSpan.FromSeconds(60), analyze, "verify", "--man=no", path);
    }

    private static string UnitPath()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string unit = Path.Combine(directory.FullName, "packaging", "systemd", "vrrp.service");
            if (File.Exists(unit))
            {
                return unit;
            }
        }

        throw new FileNotFoundException($"packaging/systemd/vrrp.service not found above {AppContext.BaseDirectory}");
    }
}
