using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace Vrrp.Linux;

/// <summary>
/// Creates sockets the managed <see cref="Socket"/> constructor refuses (IP protocol 112, netlink) through libc and
/// wraps them in a <see cref="SafeSocketHandle"/>, turning permission errors into <see cref="MissingCapabilityException"/>.
/// </summary>
internal static class LinuxSocket
{
    public static Socket Create(int domain, int type, int protocol, string operation, string capability)
    {
        int fd = Interop.Socket(domain, type | Interop.SOCK_CLOEXEC, protocol);
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            var error = new IOException($"{operation} failed: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
            if ((Interop.Errno)errno is Interop.Errno.EPERM or Interop.Errno.EACCES)
            {
                throw new MissingCapabilityException(operation, capability, error);
            }

            throw error;
        }

        var handle = new SafeSocketHandle(fd, ownsHandle: true);
        try
        {
            return new Socket(handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public static void SetOption(Socket socket, int level, int name, int value, string operation)
    {
        Span<byte> bytes = stackalloc byte[sizeof(int)];
        MemoryMarshal.Write(bytes, in value);
        SetOption(socket, level, name, bytes, operation);
    }

    public static void SetOption(Socket socket, int level, int name, ReadOnlySpan<byte> value, string operation)
    {
        try
        {
            socket.SetRawSocketOption(level, name, value);
        }
        catch (SocketException ex)
        {
            throw new IOException($"{operation} failed: {ex.Message}", ex);
        }
    }

    /// <summary>SO_BINDTODEVICE: only traffic of this interface reaches the socket, and it sends only there.</summary>
    public static void BindToDevice(Socket socket, string interfaceName, string operation)
    {
        Span<byte> name = stackalloc byte[Encoding.ASCII.GetMaxByteCount(interfaceName.Length) + 1];
        int length = Encoding.ASCII.GetBytes(interfaceName, name);
        name[length] = 0;
        try
        {
            socket.SetRawSocketOption(Interop.SOL_SOCKET, Interop.SO_BINDTODEVICE, name[..(length + 1)]);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AccessDenied)
        {
            throw new MissingCapabilityException(operation, "CAP_NET_RAW", ex);
        }
        catch (SocketException ex)
        {
            throw new IOException($"{operation} failed: {ex.Message}", ex);
        }
    }
}
