using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Buffers;

namespace Vrrp.Cli.Control;

/// <summary>The client side of the control socket, for <c>vrrp status</c>, <c>reload</c>, <c>watch</c> and <c>maintenance</c>.</summary>
internal sealed class ControlClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _reader;

    private ControlClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));
    }

    /// <summary>Connects, or returns null with a one-line reason (no daemon, refused, no permission).</summary>
    public static async Task<(ControlClient? Client, string? Problem)> ConnectAsync(string path, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
            return (new ControlClient(socket), null);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            string why = ex.SocketErrorCode switch
            {
                SocketError.AddressNotAvailable or SocketError.ConnectionRefused => "no vrrp daemon answers (vrrp run not running, or run with another --control-socket?)",
                SocketError.AccessDenied => "permission denied (root, the daemon's user or its --control-group only)",
                _ => ex.Message,
            };
            return (null, $"{path}: {why}");
        }
    }

    /// <summary>Sends one request line.</summary>
    public async Task SendAsync(ControlRequest request, CancellationToken cancellationToken)
    {
        byte[] line = [.. JsonSerializer.SerializeToUtf8Bytes(request, ControlJsonContext.Default.ControlRequest), (byte)'\n'];
        await _stream.WriteAsync(line, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the next reply line, or null when the daemon closed the connection.</summary>
    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = result.Buffer;
            if (ControlConnection.TryTakeLine(ref buffer, out ReadOnlySequence<byte> line))
            {
                string text = Encoding.UTF8.GetString(line);
                _reader.AdvanceTo(buffer.Start);
                return text;
            }

            _reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return null;
            }
        }
    }

    /// <summary>Sends a request and reads its reply line; a closed connection is reported as an error reply.</summary>
    public async Task<string> AskAsync(ControlRequest request, CancellationToken cancellationToken)
    {
        await SendAsync(request, cancellationToken).ConfigureAwait(false);
        return await ReadLineAsync(cancellationToken).ConfigureAwait(false)
            ?? JsonSerializer.Serialize(ControlReply.Failed("the daemon closed the connection"), ControlJsonContext.Default.ControlReply);
    }

    /// <summary>Returns the error of a reply line (<c>{"ok":false,"error":...}</c>), or null when it is not one.</summary>
    public static string? ErrorOf(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            JsonElement root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("ok", out JsonElement ok) && ok.ValueKind == JsonValueKind.False
                ? root.TryGetProperty("error", out JsonElement error) ? error.ToString() : "failed"
                : null;
        }
        catch (JsonException ex)
        {
            return $"not a reply: {ex.Message}";
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _reader.CompleteAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        _socket.Dispose();
    }
}
