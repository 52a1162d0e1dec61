namespace Vrrp.Tests.Instances;

/// <summary>Keeps the sent messages; with <see cref="Capture"/> off it only counts, allocating nothing.</summary>
internal sealed class CapturingTransport : IVrrpTransport
{
    public List<(byte[] Message, VrrpAddress Destination)> Sent { get; } = [];

    public bool Capture { get; set; } = true;

    public int Count { get; private set; }

    public byte LastPriority { get; private set; }

    public ValueTask SendAsync(VrrpInstanceSettings instance, ReadOnlyMemory<byte> message, VrrpAddress destination, CancellationToken cancellationToken)
    {
        Count++;
        LastPriority = message.Span[2];
        if (Capture)
        {
            Sent.Add((message.ToArray(), destination));
        }

        return ValueTask.CompletedTask;
    }
}
