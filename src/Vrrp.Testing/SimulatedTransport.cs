namespace Vrrp.Testing;

/// <summary>Hands a node's advertisements to its <see cref="SimulatedLan"/>.</summary>
internal sealed class SimulatedTransport(SimulatedLan lan, SimulatedNode node) : IVrrpTransport
{
    public ValueTask SendAsync(VrrpInstanceSettings instance, ReadOnlyMemory<byte> message, VrrpAddress destination, CancellationToken cancellationToken)
    {
        lan.Send(node, message.Span, destination);
        return ValueTask.CompletedTask;
    }
}
