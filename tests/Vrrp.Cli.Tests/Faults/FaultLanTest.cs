namespace Vrrp.Cli.Tests.Faults;

/// <summary>The frame of the fault tests: a <see cref="FaultLan"/> per test, disposed (with its report) after it.</summary>
public abstract class FaultLanTest : IDisposable
{
    private protected readonly FaultLan _lan;

    private protected FaultLanTest(ITestOutputHelper output) => _lan = FaultLan.Create(output);

    public void Dispose()
    {
        _lan.Dispose();
        GC.SuppressFinalize(this);
    }
}
