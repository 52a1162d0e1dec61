using System.Net;
using System.Net.Sockets;
using System.Text;

namespace HaproxyFailover.Demo;

/// <summary>A web backend: reads a request head, answers 200 with its name, closes.</summary>
internal static class Backend
{
    public static async Task RunAsync(string name, int port)
    {
        using var listener = new TcpListener(IPAddress.Any, port);
        listener.Start(backlog: 512);
        byte[] body = Encoding.ASCII.GetBytes(name + "\n");
        byte[] head = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        byte[] response = [.. head, .. body];
        while (true)
        {
            Socket socket = await listener.AcceptSocketAsync().ConfigureAwait(false);
            _ = ServeAsync(socket, response);
        }
    }

    private static async Task ServeAsync(Socket socket, byte[] response)
    {
        using (socket)
        {
            try
            {
                byte[] buffer = new byte[4096];
                int read = 0;
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                while (read < buffer.Length)
                {
                    int n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, timeout.Token).ConfigureAwait(false);
                    if (n == 0)
                    {
                        return;
                    }

                    read += n;
                    if (buffer.AsSpan(0, read).IndexOf("\r\n\r\n"u8) >= 0)
                    {
                        break;
                    }
                }

                await socket.SendAsync(response, SocketFlags.None).ConfigureAwait(false);
                socket.Shutdown(SocketShutdown.Both);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException)
            {
                // The client went away; nothing to answer.
            }
        }
    }
}
