using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Vrrp.Etcd;
using Vrrp.Etcd.Hosting;
using Command = System.CommandLine.Command;

namespace Vrrp.Cli.Tests.Run;

/// <summary>
/// <c>vrrp run --etcd ...</c> and the appsettings <c>"Vrrp:Etcd"</c> section: what they set, and every error positioned at
/// the flag (or key) it is about, before anything starts.
/// </summary>
public sealed class EtcdFlagsTests
{
    [Fact]
    public void Read_NoEtcdFlagsNorSection_IsNullForPlainVrrp()
    {
        (VrrpEtcdOptions? options, List<string> problems) = Read([]);

        options.Should().BeNull();
        problems.Should().BeEmpty();
    }

    [Fact]
    public void Read_EndpointsCommaSeparatedAndRepeated_WithTtlPrefixAndMode()
    {
        (VrrpEtcdOptions? options, List<string> problems) = Read(
            ["--etcd", "http://a:2379,http://b:2379", "--etcd", "c:2379", "--etcd-lease-ttl", "3", "--etcd-prefix", "lb", "--etcd-mode", "witness", "--etcd-when-unreachable", "plain-vrrp"]);

        problems.Should().BeEmpty();
        options!.Endpoints.Should().Equal("http://a:2379", "http://b:2379", "c:2379");
        options.LeaseTtl.Should().Be(TimeSpan.FromSeconds(3));
        options.ElectionPrefix.Should().Be("lb");
        options.Mode.Should().Be(EtcdMode.Witness);
        options.WhenUnreachable.Should().Be(EtcdUnreachableBehavior.PlainVrrp);
        options.ToElectionOptions("VI_1").ElectionName.Should().Be("lb/VI_1");
    }

    [Fact]
    public void Read_TlsAndUser_FilesThatExist_AreAccepted()
    {
        using var directory = new TempDirectory();
        string ca = directory.Write("ca.pem", "x");
        string cert = directory.Write("cert.pem", "x");
        string key = directory.Write("key.pem", "x");
        string password = directory.Write("password", "s3cret\nignored\n");

        (VrrpEtcdOptions? options, List<string> problems) = Read(
            ["--etcd", "https://10.0.0.1:2379", "--etcd-cacert", ca, "--etcd-cert", cert, "--etcd-key", key, "--etcd-user", "vrrp", "--etcd-password-file", password]);

        problems.Should().BeEmpty();
        options!.CaCertFile.Should().Be(ca);
        EtcdElectionOptions election = options.ToElectionOptions("VI_1");
        election.User.Should().Be("vrrp");
        election.Password.Should().Be("s3cret", "the first line of the password file");
        election.CertFile.Should().Be(cert);
    }

    [Theory]
    [InlineData("--etcd", "ftp://a:2379", "the scheme must be http or https")]
    [InlineData("--etcd", "http://a", "the port is missing")]
    [InlineData("--etcd", "http://a:2379/v3", "scheme, host and port only")]
    [InlineData("--etcd", "http://a:2379,https://b:2379", "mix http:// and https://")]
    [InlineData("--etcd-lease-ttl", "1", "whole seconds, at least 2")]
    [InlineData("--etcd-mode", "both", "must be alone or witness")]
    [InlineData("--etcd-when-unreachable", "panic", "must be keep-master or plain-vrrp")]
    [InlineData("--etcd-cacert", "/nonexistent/ca.pem", "TLS files are given but the endpoints are not https://")]
    [InlineData("--etcd-user", "vrrp", "needs a password or a password file")]
    [InlineData("--etcd-password-file", "/nonexistent/password", "cannot be read")]
    [InlineData("--etcd-cert", "/etc/hostname", "needs both the certificate and its key")]
    public void Read_BadValue_ErrorPositionedAtTheFlag(string flag, string value, string message)
    {
        string[] arguments = flag == "--etcd" ? [flag, value] : ["--etcd", "http://10.0.0.1:2379", flag, value];
        if (flag == "--etcd-password-file")
        {
            arguments = [.. arguments, "--etcd-user", "vrrp"];
        }

        (_, List<string> problems) = Read(arguments);

        problems.Should().Contain(p => p.StartsWith($"{flag}: error: ", StringComparison.Ordinal) && p.Contains(message, StringComparison.Ordinal), string.Join("\n", problems));
    }

    [Fact]
    public void Read_HttpsCaFileMissing_ErrorAtTheFlagNamesTheFile()
    {
        (_, List<string> problems) = Read(["--etcd", "https://10.0.0.1:2379", "--etcd-cacert", "/nonexistent/ca.pem"]);

        problems.Should().ContainSingle().Which.Should().StartWith("--etcd-cacert: error: /nonexistent/ca.pem: cannot be read");
    }

    [Fact]
    public void Read_EtcdFlagWithoutEndpoints_AsksForThem()
    {
        (_, List<string> problems) = Read(["--etcd-lease-ttl", "3"]);

        problems.Should().ContainSingle().Which.Should().StartWith("--etcd: error: at least one etcd endpoint is needed");
    }

    [Fact]
    public void Read_AppSettingsSection_IsReadAndFlagsOverrideIt()
    {
        IConfigurationSection section = Section(new()
        {
            ["Vrrp:Etcd:Endpoints:0"] = "http://10.0.0.1:2379",
            ["Vrrp:Etcd:Endpoints:1"] = "http://10.0.0.2:2379",
            ["Vrrp:Etcd:LeaseTtl"] = "00:00:03",
            ["Vrrp:Etcd:Mode"] = "Witness",
            ["Vrrp:Etcd:WhenUnreachable"] = "PlainVrrp",
            ["Vrrp:Etcd:MinimumPriority"] = "50",
        });

        (VrrpEtcdOptions? fromFile, List<string> fileProblems) = Read([], section);
        (VrrpEtcdOptions? overridden, List<string> overriddenProblems) = Read(["--etcd", "http://10.0.0.9:2379", "--etcd-lease-ttl", "4"], section);

        fileProblems.Should().BeEmpty();
        fromFile!.Endpoints.Should().Equal("http://10.0.0.1:2379", "http://10.0.0.2:2379");
        fromFile.LeaseTtl.Should().Be(TimeSpan.FromSeconds(3));
        fromFile.Mode.Should().Be(EtcdMode.Witness);
        fromFile.WhenUnreachable.Should().Be(EtcdUnreachableBehavior.PlainVrrp);
        fromFile.MinimumPriority.Should().Be(50);
        overriddenProblems.Should().BeEmpty();
        overridden!.Endpoints.Should().Equal("http://10.0.0.9:2379");
        overridden.LeaseTtl.Should().Be(TimeSpan.FromSeconds(4));
        overridden.Mode.Should().Be(EtcdMode.Witness, "a setting no flag gives stays the file's");
    }

    [Theory]
    [InlineData("LeaseTtl", "5", "Vrrp:Etcd:LeaseTtl: error: '5' is not a duration")]
    [InlineData("LeaseTtl", "00:00:01", "Vrrp:Etcd:LeaseTtl: error: the lease TTL must be whole seconds, at least 2")]
    [InlineData("Mode", "Both", "Vrrp:Etcd:Mode: error: must be Alone or Witness")]
    [InlineData("CaCertFile", "/nonexistent/ca.pem", "Vrrp:Etcd:CaCertFile: error: TLS files are given")]
    [InlineData("Endponts", "http://x:2379", "Vrrp:Etcd:Endponts: error: unknown etcd setting")]
    public void Read_AppSettingsBadValue_ErrorPositionedAtTheKey(string key, string value, string expected)
    {
        IConfigurationSection section = Section(new()
        {
            ["Vrrp:Etcd:Endpoints:0"] = "http://10.0.0.1:2379",
            [$"Vrrp:Etcd:{key}"] = value,
        });

        (_, List<string> problems) = Read([], section);

        problems.Should().Contain(p => p.StartsWith(expected, StringComparison.Ordinal), string.Join("\n", problems));
    }

    private static IConfigurationSection Section(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection(VrrpEtcdOptions.SectionName);

    private static (VrrpEtcdOptions? Options, List<string> Problems) Read(string[] arguments, IConfigurationSection? section = null)
    {
        var flags = new EtcdFlags();
        var command = new Command("run");
        foreach (Option option in flags.All)
        {
            command.Options.Add(option);
        }

        ParseResult result = command.Parse(arguments);
        result.Errors.Select(e => e.Message).Should().BeEmpty();
        var problems = new List<string>();
        return (flags.Read(result, section, problems), problems);
    }
}
