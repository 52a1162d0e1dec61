
namespace Vrrp.Cli.Tests.Captures;

/// <summary>
/// Runs real keepalived on a namespace LAN now (tests/scripts/capture-keepalived.sh), has tshark dissect the fresh
/// captures and checks that we decode every packet the same way. Needs keepalived, tshark, tcpdump (or dumpcap),
/// iproute2 and util-linux, and root or unprivileged user namespaces; skips when they are missing, unless
/// VRRP_REQUIRE_INTEGRATION=1 makes that a failure.
/// </summary>
[Collection(InProcessCommands.Name)]
public sealed class KeepalivedLiveInteropTests : IDisposable
{
    // The script bounds itself (VRRP_CAPTURE_TIMEOUT); the outer limit only guards against the script hanging.
    private const int ScriptBudgetSeconds = 45;
    private static readonly TimeSpan s_scriptTimeout = TimeSpan.FromSeconds(ScriptBudgetSeconds + 15);
    private static readonly TimeSpan s_tsharkTimeout = TimeSpan.FromSeconds(30);

    private readonly string _directory = Directory.CreateTempSubdirectory("vrrp-live-interop-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task CaptureKeepalived_LiveRun_DecodeAgreesWithTsharkOnEveryCapture()
    {
        if (!OperatingSystem.IsLinux())
        {
            IntegrationPrerequisites.Missing("Linux with network namespaces");
        }

        string? script = RepositoryPaths.Script("capture-keepalived.sh");
        if (script is null)
        {
            IntegrationPrerequisites.Missing($"the repository's tests/scripts (searched upwards from {AppContext.BaseDirectory})");
        }

        // Without root the script re-runs itself in a user namespace (unshare -r) and captures with dumpcap, since
        // tcpdump cannot drop privileges there.
        IntegrationPrerequisites.RequireTools("bash", "keepalived", "tshark", "editcap", "ip", "unshare", Environment.IsPrivilegedProcess ? "tcpdump" : "dumpcap");

        ExternalCommandResult capture = await ExternalCommand.RunAsync(
            "bash",
            [script, _directory],
            new Dictionary<string, string> { ["VRRP_CAPTURE_TIMEOUT"] = $"{ScriptBudgetSeconds}" },
            s_scriptTimeout,
            TestContext.Current.CancellationToken);
        if (capture.ExitCode == 3)
        {
            // The script's own word on what is missing, e.g. "cannot create a user namespace as uid 1000 ...".
            IntegrationPrerequisites.MissingAsReported(capture.StandardError.Trim());
        }

        capture.TimedOut.Should().BeFalse("the capture script must finish within {0}", s_scriptTimeout);
        capture.ExitCode.Should().Be(0, "capture-keepalived.sh failed:\n{0}", capture.StandardError);

        var failures = new List<string>();
        foreach (string name in KeepalivedCaptureExpectations.CaptureNames)
        {
            string file = Path.Combine(_directory, name);
            File.Exists(file).Should().BeTrue("the script writes {0}", name);
            ExternalCommandResult tshark = await ExternalCommand.RunAsync(
                "bash", [RepositoryPaths.Script("tshark-fields.sh")!, file], null, s_tsharkTimeout, TestContext.Current.CancellationToken);
            tshark.ExitCode.Should().Be(0, "tshark-fields.sh {0} failed:\n{1}", name, tshark.StandardError);

            IReadOnlyList<TsharkVrrpRow> rows = TsharkFieldDump.Parse(tshark.StandardOutput);
            KeepalivedCaptureExpectations.AssertScenarioShape(name, rows);
            failures.AddRange(TsharkComparison.Compare(file, rows).Select(difference => $"{name}: {difference}"));
        }

        failures.Should().BeEmpty("vrrp decode must agree with tshark on every packet keepalived sent");
    }
}
