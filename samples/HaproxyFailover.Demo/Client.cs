using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;

namespace HaproxyFailover.Demo;

/// <summary>
/// Sends GET requests at a fixed rate, each on a new connection with a 1 s budget (connect, send, whole answer), as
/// many independent users would, and writes <c>start_ms,latency_ms,ok,served_by,error</c> per request (start in Unix
/// milliseconds, the clock the demo script's fault marks use). Runs until the stop file exists.
/// </summary>
internal static class Client
{
    private static readonly TimeSpan s_budget = TimeSpan.FromSeconds(1);

    public static async Task RunAsync(Uri url, int rate, string output, string stopFile)
    {
        var endpoint = new IPEndPoint(IPAddress.Parse(url.Host), url.Port);
        byte[] request = Encoding.ASCII.GetBytes($"GET {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Host}\r\nConnection: close\r\n\r\n");
        var lines = Channel.CreateUnbounded<string>();
        Task writer = WriteAsync(lines.Reader, output);
        var pending = new List<Task>();
        long origin = Stopwatch.GetTimestamp();
        long originUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        double period = 1000.0 / rate;
        for (long i = 0; ; i++)
        {
            double due = i * period;
            double wait = due - Stopwatch.GetElapsedTime(origin).TotalMilliseconds;
            if (wait > 1)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(wait)).ConfigureAwait(false);
            }

            if (i % rate == 0 && File.Exists(stopFile))
            {
                break;
            }

            long startMs = originUnixMs + (long)due;
            pending.Add(OneAsync(endpoint, request, startMs, lines.Writer));
            if (pending.Count > 4 * rate)
            {
                pending.RemoveAll(t => t.IsCompleted);
            }
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
        lines.Writer.Complete();
        await writer.ConfigureAwait(false);
    }

    private static async Task OneAsync(IPEndPoint endpoint, byte[] request, long startMs, ChannelWriter<string> lines)
    {
        long started = Stopwatch.GetTimestamp();
        string servedBy = string.Empty;
        string error = string.Empty;
        bool ok = false;
        using var timeout = new CancellationTokenSource(s_budget);
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(endpoint, timeout.Token).ConfigureAwait(false);
            await socket.SendAsync(request, SocketFlags.None, timeout.Token).ConfigureAwait(false);
            byte[] buffer = new byte[4096];
            int read = 0;
            int n;
            while (read < buffer.Length && (n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, timeout.Token).ConfigureAwait(false)) > 0)
            {
                read += n;
            }

            string answer = Encoding.ASCII.GetString(buffer, 0, read);
            ok = answer.StartsWith("HTTP/1.1 200", StringComparison.Ordinal) || answer.StartsWith("HTTP/1.0 200", StringComparison.Ordinal);
            servedBy = Header(answer, "X-Served-By");
            if (!ok)
            {
                error = read == 0 ? "empty" : "status " + answer.Split(' ', 3).ElementAtOrDefault(1);
            }
        }
        catch (OperationCanceledException)
        {
            error = "timeout";
        }
        catch (SocketException ex)
        {
            error = ex.SocketErrorCode.ToString();
        }

        double latency = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        lines.TryWrite(string.Create(CultureInfo.InvariantCulture, $"{startMs},{latency:0.0},{(ok ? 1 : 0)},{servedBy},{error}"));
    }

    private static string Header(string answer, string name)
    {
        foreach (string line in answer.Split("\r\n"))
        {
            if (line.Length == 0)
            {
                break;
            }

            if (line.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))
            {
                return line[(name.Length + 1)..].Trim();
            }
        }

        return string.Empty;
    }

    private static async Task WriteAsync(ChannelReader<string> lines, string output)
    {
        var writer = new StreamWriter(output) { AutoFlush = false };
        await using ConfiguredAsyncDisposable disposeWriter = writer.ConfigureAwait(false);
        await writer.WriteLineAsync("start_ms,latency_ms,ok,served_by,error").ConfigureAwait(false);
        while (await lines.WaitToReadAsync().ConfigureAwait(false))
        {
            while (lines.TryRead(out string? line))
            {
                await writer.WriteLineAsync(line).ConfigureAwait(false);
            }

            await writer.FlushAsync().ConfigureAwait(false);
        }
    }
}
