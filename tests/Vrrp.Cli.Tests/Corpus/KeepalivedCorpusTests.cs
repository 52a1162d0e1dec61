using Vrrp.Cli.ConfigCheck;
using Vrrp.Cli.Tests.CheckConfig;

namespace Vrrp.Cli.Tests.Corpus;

/// <summary>
/// `vrrp check-config` against `keepalived -t` on the corpus in tests/config-corpus: usable (exit 0) or not.
/// The keepalived results recorded in manifest.txt are checked on every machine; when keepalived is installed
/// the tests also run it.
/// </summary>
[Collection(InProcessCommands.Name)]
public sealed class KeepalivedCorpusTests : CheckConfigTest
{
    public static TheoryData<string> Files { get; } = [.. ConfigCorpus.KeepalivedExitCodes.Keys.Order(StringComparer.Ordinal)];

    [Fact]
    public void Corpus_HasAtLeast40Configurations_AndTheManifestListsEveryOne()
    {
        string[] onDisk = Directory.GetFiles(ConfigCorpus.Directory, "*.conf").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

        onDisk.Length.Should().BeGreaterThanOrEqualTo(40);
        ConfigCorpus.KeepalivedExitCodes.Keys.Order(StringComparer.Ordinal).Should().Equal(onDisk);
        ConfigCorpus.KnownDifferences.Keys.Should().BeSubsetOf(onDisk);
        ConfigCorpus.KeepalivedExitCodes.Values.Should().Contain(0).And.Contain(c => c != 0, "the corpus holds usable and broken configurations");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void CheckConfig_AgreesWithTheRecordedKeepalivedResult(string file)
    {
        int keepalivedExit = ConfigCorpus.KeepalivedExitCodes[file];
        var host = new RecordedHostEnvironment(ConfigCorpus.HostLine);

        (int vrrpExit, string report) = CheckConfig(file, host);

        AssertAgreement(file, keepalivedExit, vrrpExit, report, keepalivedOutput: "(recorded in manifest.txt)");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void CheckConfig_AgreesWithKeepalivedRunNow(string file)
    {
        string? keepalived = IntegrationPrerequisites.Find("keepalived");
        if (keepalived is null)
        {
            IntegrationPrerequisites.MissingAsReported("keepalived is not installed: run ./test.sh, which installs it");
        }

        (int keepalivedExit, string keepalivedOutput) = RunKeepalived(keepalived, ConfigCorpus.PathOf(file));
        (int vrrpExit, string report) = CheckConfig(file, new SystemHostEnvironment());

        bool sameHostAsRecorded = (keepalivedExit == 0) == (ConfigCorpus.KeepalivedExitCodes[file] == 0);
        if (!sameHostAsRecorded)
        {
            // This host differs from the recording one (no eth0, no killall, ...): both tools must still agree.
            ((vrrpExit == 0) == (keepalivedExit == 0)).Should().BeTrue($"on this host keepalived -t says {keepalivedExit}:\n{keepalivedOutput}\nand vrrp check-config says {vrrpExit}:\n{report}");
            return;
        }

        AssertAgreement(file, keepalivedExit, vrrpExit, report, keepalivedOutput);
    }

    private static void AssertAgreement(string file, int keepalivedExit, int vrrpExit, string report, string keepalivedOutput)
    {
        bool keepalivedUsable = keepalivedExit == 0;
        bool vrrpUsable = vrrpExit == 0;
        if (ConfigCorpus.KnownDifferences.TryGetValue(file, out string? why))
        {
            // A documented, deliberate difference: it must still be one (Vrrp stricter than keepalived).
            keepalivedUsable.Should().BeTrue($"known difference: {why}");
            vrrpUsable.Should().BeFalse($"known difference: {why}\nvrrp check-config said:\n{report}");
            return;
        }

        vrrpUsable.Should().Be(
            keepalivedUsable,
            $"keepalived -t exits {keepalivedExit} {keepalivedOutput}\nvrrp check-config exits {vrrpExit}:\n{report}");
        if (!vrrpUsable)
        {
            report.Split('\n', StringSplitOptions.RemoveEmptyEntries).SkipLast(1).Should().OnlyContain(
                line => line.Contains(".conf:", StringComparison.Ordinal) && (line.Contains(": error: ", StringComparison.Ordinal) || line.Contains(": warning: ", StringComparison.Ordinal) || line.Contains(": note: ", StringComparison.Ordinal)),
                "every problem is printed as file:line:col: severity: message");
        }
    }

    private static (int Exit, string Report) CheckConfig(string file, Config.KeepalivedHostEnvironment host)
    {
        (int exit, _, string error) = RunCheckConfig(ConfigCorpus.PathOf(file), host);
        return (exit, error);
    }

    private static (int Exit, string Output) RunKeepalived(string keepalived, string configuration)
    {
        var start = new ProcessStartInfo(keepalived)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = ConfigCorpus.Directory,
        };
        start.ArgumentList.Add("-t");
        start.ArgumentList.Add("-f");
        start.ArgumentList.Add(configuration);
        using Process process = Process.Start(start)!;
        string output = process.StandardError.ReadToEnd() + process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("keepalived -t did not finish within 30 s on " + configuration);
        }

        return (process.ExitCode, output);
    }
}
