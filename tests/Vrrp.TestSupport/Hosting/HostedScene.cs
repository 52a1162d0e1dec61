namespace Vrrp.TestSupport.Hosting;

/// <summary>
/// What hosted tests set up the same way: a fake clock at a fixed start, a loopback LAN on it, a temp directory for
/// their files, and the addresses of the first and second node. A test holds one and disposes it.
/// </summary>
internal sealed class HostedScene : IDisposable
{
    /// <summary>The first node's address.</summary>
    public static readonly IPAddress First = IPAddress.Parse("10.0.0.1");

    /// <summary>The second node's address.</summary>
    public static readonly IPAddress Second = IPAddress.Parse("10.0.0.2");

    public HostedScene() => Lan = new LoopbackLan(Clock);

    /// <summary>Gets the fake clock, at the tests' start time (1 January 2030, UTC) until a test advances it.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

    /// <summary>Gets the loopback LAN on <see cref="Clock"/> that the test's nodes join.</summary>
    public LoopbackLan Lan { get; }

    public TempDirectory Directory { get; } = new();

    public void Dispose() => Directory.Dispose();
}
