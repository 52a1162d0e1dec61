using System.Net.Sockets;
using Vrrp.Cli.Control;

namespace Vrrp.Cli.Tests.Control;

// The socket's file: its mode and group, a stale file replaced, a live daemon refused, removal on exit; the flags.
public sealed partial class ControlProtocolTests
{
    [Fact]
    public async Task Start_OwnerOnlyMode_AndTheFileGoesOnDispose()
    {
        var scope = new ControlServerScope();
        await using (scope.ConfigureAwait(true))
        {
            File.GetUnixFileMode(scope.Path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Exists(scope.Path).Should().BeFalse();
    }

    [Fact]
    public async Task Start_WithAGroup_GroupReadWriteAndTheGroupOwnsIt()
    {
        uint gid = uint.Parse(File.ReadAllLines("/proc/self/status").First(l => l.StartsWith("Gid:", StringComparison.Ordinal)).Split('\t', StringSplitOptions.RemoveEmptyEntries)[2], System.Globalization.CultureInfo.InvariantCulture);
        await using var scope = new ControlServerScope(o => o with { GroupId = gid });

        File.GetUnixFileMode(scope.Path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite);
    }

    [Fact]
    public async Task Start_CreatesTheDirectory()
    {
        using var directory = new TempDirectory();
        string path = Path.Combine(directory.Path, "run", "vrrp", "vrrp.sock");

        await using ControlSocketServer server = ControlSocketServer.Start(new ControlSocketOptions { Path = path }, new FakeControlTarget(), _ => null, null);

        File.Exists(path).Should().BeTrue();
    }

    [Fact]
    public async Task Start_WhileAnotherDaemonAnswers_IsRefused_AndLeavesItsSocketAlone()
    {
        await using var scope = new ControlServerScope();

        Action second = () => ControlSocketServer.Start(scope.Options, new FakeControlTarget(), _ => null, null);

        second.Should().Throw<ControlSocketException>().WithMessage($"control socket {scope.Path}: another vrrp daemon answers on it (stop it, or give this one another --control-socket)");
        ControlProtocolTests.AskStatus(scope).Should().StartWith("{\"format_version\":1,");
    }

    [Fact]
    public async Task Start_OverTheStaleSocketOfACrashedDaemon_ReplacesIt()
    {
        using var directory = new TempDirectory();
        string path = directory.Combine("vrrp.sock");

        // Bound but not listening: connecting is refused, as on the file a killed daemon left behind.
        using var dead = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        dead.Bind(new UnixDomainSocketEndPoint(path));

        await using ControlSocketServer server = ControlSocketServer.Start(new ControlSocketOptions { Path = path }, new FakeControlTarget(), _ => null, null);

        using var client = new RawControlClient(path);
        client.Send("{\"command\":\"status\"}\n");
        client.ReadLine().Should().StartWith("{\"format_version\":1,");
    }

    [Fact]
    public void Start_WhereNoSocketCanBe_SaysWhy()
    {
        using var directory = new TempDirectory();
        string file = directory.WriteFile("plain", "x");

        Action start = () => ControlSocketServer.Start(new ControlSocketOptions { Path = Path.Combine(file, "vrrp.sock") }, new FakeControlTarget(), _ => null, null);

        start.Should().Throw<ControlSocketException>().WithMessage($"control socket {file}/vrrp.sock: *");
    }

    [Theory]
    [InlineData("none", null, null)]
    [InlineData("/run/vrrp/vrrp.sock", null, "/run/vrrp/vrrp.sock")]
    [InlineData("/tmp/a.sock", "0", "/tmp/a.sock")]
    public void ControlOptions_MapsTheFlags(string socket, string? group, string? expectedPath)
    {
        DaemonControlOptions options = Commands.RunCommand.ControlOptions(socket, group, "/var/tmp");

        options.Socket?.Path.Should().Be(expectedPath);
        (options.Socket is null).Should().Be(expectedPath is null);
        options.Socket?.GroupId.Should().Be(group is null ? null : 0u);
        options.DumpDirectory.Should().Be("/var/tmp");
    }

    [Theory]
    [InlineData("run", "-f", "x.conf", "--control-socket", "none")]
    [InlineData("run", "-f", "x.conf", "--control-socket", "/tmp/v.sock", "--control-group", "root", "--dump-dir", "/var/tmp")]
    [InlineData("status", "--socket", "/tmp/v.sock")]
    [InlineData("reload", "--dry-run", "-f", "x.conf", "--socket", "/tmp/v.sock")]
    [InlineData("watch", "--json")]
    [InlineData("maintenance", "on", "VI_1")]
    [InlineData("maintenance", "off")]
    public void Parse_ControlOptions_AreAccepted(params string[] arguments)
    {
        Program.BuildRootCommand().Parse(arguments).Errors.Should().BeEmpty();
    }

    [Theory]
    [InlineData("run", "-f", "x.conf", "--control-group", "no-such-group-here")]
    [InlineData("maintenance", "maybe")]
    [InlineData("maintenance")]
    public void Parse_BadControlOptions_AreRefused(params string[] arguments)
    {
        Program.BuildRootCommand().Parse(arguments).Errors.Should().NotBeEmpty();
    }
}
