namespace Vrrp.Benchmarks.StateMachine;

/// <summary>Counts sends and keeps nothing, so the benchmark measures the instance, not the transport.</summary>
internal sealed class NullTransport : IVrrpTransport, IVipBinder
{
    public long Sent { get; private set; }

    public ValueTask SendAsync(VrrpInstanceSettings instance, ReadOnlyMemory<byte> message, VrrpAddress destination, CancellationToken cancellationToken)
    {
        Sent++;
        return ValueTask.CompletedTask;
    }

    public ValueTask AddAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask RemoveAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask AnnounceAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
