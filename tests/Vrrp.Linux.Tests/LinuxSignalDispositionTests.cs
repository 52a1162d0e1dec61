namespace Vrrp.Linux.Tests;

public sealed class LinuxSignalDispositionTests
{
    [Fact]
    public void WarmUpDelivery_SendsTheProcessAHarmlessSignal_ReturnsOnceItsHandlerRan()
    {
        // The process goes on: SIGWINCH is ignored by default, and the registration is gone afterwards.
        LinuxSignalDisposition.WarmUpDelivery(TimeSpan.FromSeconds(5)).Should().BeTrue();
        LinuxSignalDisposition.WarmUpDelivery(TimeSpan.FromSeconds(5)).Should().BeTrue("it can run again");
    }
}
