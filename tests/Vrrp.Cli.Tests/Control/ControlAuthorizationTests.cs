using Vrrp.Cli.Control;

namespace Vrrp.Cli.Tests.Control;

public sealed class ControlAuthorizationTests
{
    private const uint DaemonUser = 990;
    private const uint OperatorsGroup = 1500;

    [Theory]
    [InlineData(0u, 0u)]
    [InlineData(DaemonUser, 990u)]
    public void IsAllowed_RootOrTheDaemonsUser_Allowed(uint uid, uint gid)
    {
        var authorization = new ControlAuthorization(DaemonUser, groupId: null, _ => null);

        authorization.IsAllowed(new PeerCredentials(100, uid, gid), out string? refusal).Should().BeTrue();
        refusal.Should().BeNull();
    }

    [Fact]
    public void IsAllowed_AnotherUserWithoutGroup_RefusedSayingWhoMay()
    {
        var authorization = new ControlAuthorization(DaemonUser, groupId: null, _ => [OperatorsGroup]);

        authorization.IsAllowed(new PeerCredentials(100, 1000, 1000), out string? refusal).Should().BeFalse();
        refusal.Should().Be("uid 1000 is not allowed: root and uid 990 are (run vrrp with --control-group to let a group in)");
    }

    [Fact]
    public void IsAllowed_PrimaryGroupIsTheControlGroup_Allowed()
    {
        var authorization = new ControlAuthorization(DaemonUser, OperatorsGroup, _ => []);

        authorization.IsAllowed(new PeerCredentials(100, 1000, OperatorsGroup), out _).Should().BeTrue();
    }

    [Fact]
    public void IsAllowed_SupplementaryGroupOfThePeersProcess_Allowed()
    {
        var authorization = new ControlAuthorization(DaemonUser, OperatorsGroup, pid => pid == 100 ? [27, OperatorsGroup] : null);

        authorization.IsAllowed(new PeerCredentials(100, 1000, 1000), out _).Should().BeTrue();
    }

    [Fact]
    public void IsAllowed_NotInTheGroupOrProcessGone_Refused()
    {
        var authorization = new ControlAuthorization(DaemonUser, OperatorsGroup, pid => pid == 100 ? [27] : null);

        authorization.IsAllowed(new PeerCredentials(100, 1000, 1000), out string? refusal).Should().BeFalse();
        refusal.Should().Be("uid 1000 is not allowed: root, uid 990 and members of gid 1500 are");
        authorization.IsAllowed(new PeerCredentials(101, 1000, 1000), out _).Should().BeFalse();
    }

    [Fact]
    public void ForThisProcess_ReadsTheEffectiveUid()
    {
        ControlAuthorization.ForThisProcess(groupId: null).DaemonUserId.Should().Be(uint.Parse(File.ReadAllLines("/proc/self/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t', StringSplitOptions.RemoveEmptyEntries)[2], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void TryFindGroup_NameNumberOrMissing()
    {
        using var directory = new TestSupport.TempDirectory();
        string groups = directory.WriteFile("group", "root:x:0:\nvrrp-ops:x:1500:alice,bob\n");

        UnixAccounts.TryFindGroup("vrrp-ops", out uint byName, groups).Should().BeTrue();
        byName.Should().Be(1500);
        UnixAccounts.TryFindGroup("1501", out uint byNumber, groups).Should().BeTrue();
        byNumber.Should().Be(1501);
        UnixAccounts.TryFindGroup("nobody-here", out _, groups).Should().BeFalse();
    }
}
