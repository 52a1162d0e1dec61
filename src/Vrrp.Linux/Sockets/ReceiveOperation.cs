using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;
using Vrrp.Packets;

namespace Vrrp.Linux.Sockets;

/// <summary>
/// The reusable asynchronous receive: a manual <see cref="IValueTaskSource{TResult}"/>, because a compiler-built
/// async method allocates its state machine in Debug builds and when it suspends outside a pooling builder.
/// </summary>
internal sealed class ReceiveOperation : IValueTaskSource<VrrpReceivedAdvertisement>
{
    private readonly LinuxVrrpTransport _transport;
    private readonly Action _onReadable;
    private ManualResetValueTaskSourceCore<VrrpReceivedAdvertisement> _core;
    private ConfiguredValueTaskAwaitable<int>.ConfiguredValueTaskAwaiter _readable;
    private Memory<byte> _buffer;
    private CancellationToken _cancellationToken;
    private int _busy;

    public ReceiveOperation(LinuxVrrpTransport transport)
    {
        _transport = transport;
        _onReadable = OnReadable;
    }

    public ValueTask<VrrpReceivedAdvertisement> Start(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _busy, 1) != 0)
        {
            throw new InvalidOperationException("Only one ReceiveAsync may be pending on a LinuxVrrpTransport.");
        }

        _core.Reset();
        _buffer = buffer;
        _cancellationToken = cancellationToken;
        Continue();
        return new ValueTask<VrrpReceivedAdvertisement>(this, _core.Version);
    }

    public VrrpReceivedAdvertisement GetResult(short token)
    {
        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            _buffer = default;
            _cancellationToken = default;
            Volatile.Write(ref _busy, 0);
        }
    }

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    private void Continue()
    {
        try
        {
            while (true)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                switch (_transport.TryReceive(_buffer.Span, out VrrpReceivedAdvertisement advertisement))
                {
                    case LinuxReceiveStatus.Received:
                        _core.SetResult(advertisement);
                        return;
                    case LinuxReceiveStatus.Dropped:
                        continue;
                }

                // The ValueTask is consumed exactly once: by GetResult here or in OnReadable.
#pragma warning disable CA2012
                ConfiguredValueTaskAwaitable<int>.ConfiguredValueTaskAwaiter readable = _transport.ReceiveSocket
                    .ReceiveAsync(Memory<byte>.Empty, SocketFlags.Peek, _cancellationToken)
                    .ConfigureAwait(false)
                    .GetAwaiter();
#pragma warning restore CA2012
                if (readable.IsCompleted)
                {
                    readable.GetResult();
                    continue;
                }

                _readable = readable;
                readable.UnsafeOnCompleted(_onReadable);
                return;
            }
        }
        catch (Exception ex)
        {
            _core.SetException(ex);
        }
    }

    private void OnReadable()
    {
        ConfiguredValueTaskAwaitable<int>.ConfiguredValueTaskAwaiter readable = _readable;
        _readable = default;
        try
        {
            readable.GetResult();
        }
        catch (Exception ex)
        {
            _core.SetException(ex);
            return;
        }

        Continue();
    }
}
