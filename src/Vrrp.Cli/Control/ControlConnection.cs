using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Vrrp.Cli.Status;
using Vrrp.Hosting;
using Vrrp.Hosting.Binding;

namespace Vrrp.Cli.Control;

/// <summary>
/// One client of the control socket: reads request lines with a <see cref="PipeReader"/>, answers each with one line
/// (<see cref="ControlRequest"/>), or streams events after <c>watch</c>. Bad input gets an error line and the
/// connection stays usable; an overlong line, too many bad lines in a row, silence past the idle timeout, or a client
/// that stops reading closes it. Nothing a client does reaches beyond its own connection.
/// </summary>
internal sealed class ControlConnection : IAsyncDisposable
{
    private readonly NetworkStream _stream;
    private readonly IControlTarget _target;
    private readonly ControlSocketOptions _options;
    private readonly ArrayBufferWriter<byte> _line = new(1024);
    private readonly SemaphoreSlim _writing = new(1, 1);

    // Replies go to a local socket, not into HTML: quotes and apostrophes stay readable.
    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public ControlConnection(Socket socket, IControlTarget target, ControlSocketOptions options)
    {
        _stream = new NetworkStream(socket, ownsSocket: true);
        _target = target;
        _options = options;
    }

    /// <summary>Sends one error line and closes.</summary>
    public async Task RefuseAsync(string reason, CancellationToken cancellationToken)
    {
        try
        {
            await WriteAsync(ControlReply.Failed(reason), ControlJsonContext.Default.ControlReply, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsDisconnect(ex))
        {
        }
    }

    /// <summary>Serves requests until the client leaves, misbehaves, or <paramref name="stopping"/> fires.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        PipeReader reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 1024, leaveOpen: true));
        try
        {
            await ServeAsync(reader, stopping).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsDisconnect(ex))
        {
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync().ConfigureAwait(false);
        _writing.Dispose();
    }

    /// <summary>Splits off the next line (without its newline) when the buffer holds a whole one.</summary>
    internal static bool TryTakeLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        SequencePosition? newline = buffer.PositionOf((byte)'\n');
        if (newline is null)
        {
            line = default;
            return false;
        }

        line = buffer.Slice(0, newline.Value);
        buffer = buffer.Slice(buffer.GetPosition(1, newline.Value));
        return true;
    }

    /// <summary>Parses one request line; null with a null <paramref name="problem"/> for a blank line.</summary>
    internal static ControlRequest? Parse(ReadOnlySequence<byte> line, out string? problem)
    {
        ReadOnlySpan<byte> text = (line.IsSingleSegment ? line.FirstSpan : line.ToArray()).Trim(" \t\r"u8);
        problem = null;
        if (text.IsEmpty)
        {
            return null;
        }

        ControlRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(text, ControlJsonContext.Default.ControlRequest);
        }
        catch (JsonException ex)
        {
            problem = $"not a JSON request object: {ex.Message}";
            return null;
        }

        switch (request?.Command)
        {
            case null:
                problem = "a request needs \"command\": status, reload, maintenance or watch";
                return null;
            case ControlRequest.Status or ControlRequest.Reload or ControlRequest.Watch:
                break;
            case ControlRequest.Maintenance when request.On is null:
                problem = "maintenance needs \"on\": true or false";
                return null;
            case ControlRequest.Maintenance:
                break;
            default:
                problem = $"unknown command '{request.Command}': status, reload, maintenance or watch";
                return null;
        }

        if (request.File is { } file && !Path.IsPathFullyQualified(file))
        {
            problem = $"\"file\" must be an absolute path; got '{file}'";
            return null;
        }

        return request;
    }

    private static bool IsDisconnect(Exception ex) => ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException;

    private static string SnakeCase(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);

    private async Task ServeAsync(PipeReader reader, CancellationToken stopping)
    {
        int badLines = 0;
        while (true)
        {
            ReadResult result;
            using (var idle = CancellationTokenSource.CreateLinkedTokenSource(stopping))
            {
                idle.CancelAfter(_options.IdleTimeout);
                try
                {
                    result = await reader.ReadAsync(idle.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
                {
                    await RefuseAsync(string.Create(CultureInfo.InvariantCulture, $"no request for {_options.IdleTimeout.TotalSeconds:0.###} s: closing"), stopping).ConfigureAwait(false);
                    return;
                }
            }

            ReadOnlySequence<byte> buffer = result.Buffer;
            bool watch = false;
            while (!watch && (TryTakeLine(ref buffer, out ReadOnlySequence<byte> line) || TakeLastLine(result, ref buffer, out line)))
            {
                if (line.Length > _options.MaxLineBytes)
                {
                    await RefuseAsync(TooLong(), stopping).ConfigureAwait(false);
                    return;
                }

                ControlRequest? request = Parse(line, out string? problem);
                if (request is null)
                {
                    if (problem is null)
                    {
                        continue;
                    }

                    if (++badLines >= _options.MaxConsecutiveErrors)
                    {
                        await RefuseAsync($"{problem}; {badLines} bad requests in a row: closing", stopping).ConfigureAwait(false);
                        return;
                    }

                    await WriteAsync(ControlReply.Failed(problem), ControlJsonContext.Default.ControlReply, stopping).ConfigureAwait(false);
                    continue;
                }

                badLines = 0;
                watch = request.Command == ControlRequest.Watch;
                if (!watch)
                {
                    await AnswerAsync(request, stopping).ConfigureAwait(false);
                }
            }

            if (buffer.Length > _options.MaxLineBytes)
            {
                await RefuseAsync(TooLong(), stopping).ConfigureAwait(false);
                return;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (watch)
            {
                await WatchAsync(reader, stopping).ConfigureAwait(false);
                return;
            }

            if (result.IsCompleted)
            {
                return;
            }
        }
    }

    // A client that sends its last request without a newline and then shuts its side down still gets an answer.
    private static bool TakeLastLine(ReadResult result, ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        line = buffer;
        if (!result.IsCompleted || buffer.IsEmpty)
        {
            return false;
        }

        buffer = buffer.Slice(buffer.End);
        return true;
    }

    private string TooLong() => string.Create(CultureInfo.InvariantCulture, $"request line longer than {_options.MaxLineBytes} bytes: closing");

    private async Task AnswerAsync(ControlRequest request, CancellationToken stopping)
    {
        switch (request.Command)
        {
            case ControlRequest.Status:
                await WriteAsync(_target.CaptureStatus(), StatusJson.Snapshot, stopping).ConfigureAwait(false);
                return;
            case ControlRequest.Reload:
                await WriteAsync(await ReloadAsync(request, stopping).ConfigureAwait(false), ControlJsonContext.Default.ControlReply, stopping).ConfigureAwait(false);
                return;
            default:
                await WriteAsync(await MaintenanceAsync(request, stopping).ConfigureAwait(false), ControlJsonContext.Default.ControlReply, stopping).ConfigureAwait(false);
                return;
        }
    }

    private async Task<ControlReply> ReloadAsync(ControlRequest request, CancellationToken stopping)
    {
        try
        {
            return new ControlReply { Ok = true, Reload = await _target.ReloadAsync(request.File, request.DryRun, stopping).ConfigureAwait(false) };
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            return ControlReply.Failed($"reload failed: {ex.Message}");
        }
    }

    private async Task<ControlReply> MaintenanceAsync(ControlRequest request, CancellationToken stopping)
    {
        try
        {
            if (!await _target.SetMaintenanceAsync(request.Instance, request.On ?? false, stopping).ConfigureAwait(false))
            {
                return ControlReply.Failed($"no instance '{request.Instance}'");
            }

            return new ControlReply { Ok = true, Maintenance = [.. _target.InstancesInMaintenance.Order(StringComparer.Ordinal)] };
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            return ControlReply.Failed($"maintenance failed: {ex.Message}");
        }
    }

    private async Task WatchAsync(PipeReader reader, CancellationToken stopping)
    {
        await WriteAsync(new ControlReply { Ok = true, Watching = true }, ControlJsonContext.Default.ControlReply, stopping).ConfigureAwait(false);
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        Task closed = DiscardUntilClosedAsync(reader, watching.Token);
        Task changes = ForwardChangesAsync(watching.Token);
        Task drops = ForwardDropsAsync(watching.Token);
        Task bindings = ForwardBindingsAsync(watching.Token);

        // Whichever ends first (the client left, the host stopped, a write failed) ends the watch; the bindings
        // stream of a target without VIP commands ends at once and ends nothing.
        await Task.WhenAny(closed, changes, drops).ConfigureAwait(false);
        await watching.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(closed, changes, drops, bindings).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private static async Task DiscardUntilClosedAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                return;
            }
        }
    }

    private async Task ForwardChangesAsync(CancellationToken cancellationToken)
    {
        await foreach (VrrpStateChange change in _target.WatchAsync(cancellationToken).ConfigureAwait(false))
        {
            var line = new ControlEvent(
                ControlEvent.StateEvent, change.InstanceName, change.Timestamp, change.Sequence, SnakeCase(change.From.ToString()), SnakeCase(change.To.ToString()),
                change.Reason.ToString(), change.Priority, change.Explanation);
            await WriteAsync(line, ControlJsonContext.Default.ControlEvent, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ForwardBindingsAsync(CancellationToken cancellationToken)
    {
        await foreach (VrrpBindingChange change in _target.WatchBindingsAsync(cancellationToken).ConfigureAwait(false))
        {
            VrrpBindingStatus status = change.Status;
            var line = new ControlEvent(
                ControlEvent.BindingEvent, change.InstanceName, status.Since, To: SnakeCase(status.State.ToString()), Attempts: status.Attempts, Error: status.LastError, Output: status.LastOutput);
            await WriteAsync(line, ControlJsonContext.Default.ControlEvent, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ForwardDropsAsync(CancellationToken cancellationToken)
    {
        Dictionary<(string Instance, string Reason), long> seen = Drops(_target.CaptureStatus());
        while (true)
        {
            await Task.Delay(_options.DropsInterval, cancellationToken).ConfigureAwait(false);
            StatusSnapshot now = _target.CaptureStatus();
            Dictionary<(string Instance, string Reason), long> current = Drops(now);
            foreach (((string instance, string reason), long total) in current)
            {
                long delta = total - seen.GetValueOrDefault((instance, reason));
                if (delta > 0)
                {
                    var line = new ControlEvent(ControlEvent.DropsEvent, instance, now.WrittenAt, Reason: reason, Count: delta, Total: total);
                    await WriteAsync(line, ControlJsonContext.Default.ControlEvent, cancellationToken).ConfigureAwait(false);
                }
            }

            seen = current;
        }
    }

    private static Dictionary<(string Instance, string Reason), long> Drops(StatusSnapshot snapshot)
    {
        var drops = new Dictionary<(string, string), long>();
        foreach (InstanceStatusSnapshot instance in snapshot.Instances)
        {
            foreach ((string reason, long count) in instance.Drops)
            {
                drops[(instance.Name, reason)] = count;
            }
        }

        return drops;
    }

    /// <summary>Writes one value as one line; a client that does not take it within the write timeout is dropped.</summary>
    private async Task WriteAsync<T>(T value, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _line.ResetWrittenCount();
            using (var writer = new Utf8JsonWriter(_line, s_writerOptions))
            {
                JsonSerializer.Serialize(writer, value, type);
            }

            _line.Write("\n"u8);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.WriteTimeout);
            await _stream.WriteAsync(_line.WrittenMemory, timeout.Token).ConfigureAwait(false);
        }
        finally
        {
            _writing.Release();
        }
    }
}
