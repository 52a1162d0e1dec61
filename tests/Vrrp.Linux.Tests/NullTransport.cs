namespace Vrrp.Linux.Tests;

/// <summary>A transport that sends nothing, for instances whose adverts a test does not need.</summary>
internal sealed class NullTransport : IVrrpTransport
{
    public ValueTask SendAsync(VrrpInstanceSettings instance, ReadOnlyMemory<byte> message, VrrpAddress destination, CancellationToken cancellationToken) => default;
}
