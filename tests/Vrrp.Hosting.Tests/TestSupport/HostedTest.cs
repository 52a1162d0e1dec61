namespace Vrrp.Hosting.Tests.TestSupport;

/// <summary>Base of the hosted tests: each test gets a fresh <see cref="HostedScene"/> (fake clock, temp directory), disposed after it.</summary>
public abstract class HostedTest : IDisposable
{
    private protected HostedScene Scene { get; } = new();

    public void Dispose()
    {
        Scene.Dispose();
        GC.SuppressFinalize(this);
    }
}
