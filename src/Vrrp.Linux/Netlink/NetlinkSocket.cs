using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Vrrp.Linux.Diagnostics;

namespace Vrrp.Linux.Netlink;

/// <summary>
/// An rtnetlink socket (libc socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE), since .NET has no netlink address family)
/// with extended acknowledgements on, used either for requests (one at a time) or, bound to groups, for events.
/// </summary>
internal sealed unsafe class NetlinkSocket : IDisposable
{
    // Rented per request, not held: a process with a thousand instances has thousands of these sockets, mostly idle.
    private const int ReceiveBufferLength = 64 * 1024;
    private readonly Lock _requestLock = new();
    private uint _sequence;

    private NetlinkSocket(Socket socket)
    {
        Socket = socket;
        _sequence = (uint)Environment.TickCount;
    }

    /// <summary>Gets the managed socket (for <see cref="Socket.ReceiveAsync(Memory{byte}, SocketFlags, System.Threading.CancellationToken)"/>).</summary>
    public Socket Socket { get; }

    /// <summary>The delegate that sees each reply message of a request.</summary>
    public delegate void MessageHandler(NetlinkMessage message);

    /// <summary>Opens a socket; <paramref name="groups"/> is the RTMGRP_* mask to receive events from, or 0.</summary>
    public static NetlinkSocket Open(uint groups = 0, int receiveBufferBytes = 0)
    {
        Socket socket = LinuxSocket.Create(Interop.AF_NETLINK, Interop.SOCK_RAW, Interop.NETLINK_ROUTE, "opening an rtnetlink socket", "CAP_NET_ADMIN");
        try
        {
            // Best effort: both exist since Linux 4.3; without them errors just lose their text.
            TrySetOption(socket, Interop.NETLINK_EXT_ACK, 1);
            TrySetOption(socket, Interop.NETLINK_CAP_ACK, 1);
            if (receiveBufferBytes > 0)
            {
                LinuxSocket.SetOption(socket, Interop.SOL_SOCKET, Interop.SO_RCVBUF, receiveBufferBytes, "sizing the rtnetlink socket buffer");
            }

            var address = new Interop.NetlinkSocketAddress { Family = Interop.AF_NETLINK, Groups = groups };
            if (Interop.Bind(socket.SafeHandle, &address, sizeof(Interop.NetlinkSocketAddress)) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                throw new IOException($"binding the rtnetlink socket failed: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
            }

            // Requests never wait forever: the kernel answers at once or not at all.
            socket.ReceiveTimeout = 5000;
            return new NetlinkSocket(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Sends <paramref name="request"/> and reads the replies until the acknowledgement or the end of
    /// the dump. Returns 0 or the positive errno; <paramref name="kernelMessage"/> is the extended-ack text.
    /// </summary>
    public int Transact(NetlinkMessageWriter request, MessageHandler? onReply, out string? kernelMessage)
    {
        kernelMessage = null;
        lock (_requestLock)
        {
            uint sequence = ++_sequence;
            Span<byte> message = request.Finish(sequence);
            int type = BinaryPrimitives.ReadUInt16LittleEndian(message[4..]);
            LinuxTakeoverEventSource.Log.NetlinkSent(type, 1);
            try
            {
                Socket.Send(message);
            }
            catch (SocketException ex)
            {
                throw new IOException($"sending an rtnetlink request failed: {ex.Message}", ex);
            }

            byte[] buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferLength);
            try
            {
                return ReadReplies(buffer, sequence, type, onReply, out kernelMessage);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private int ReadReplies(byte[] buffer, uint sequence, int type, MessageHandler? onReply, out string? kernelMessage)
    {
        kernelMessage = null;
        while (true)
        {
            var reader = new NetlinkMessageReader(buffer.AsSpan(0, Receive(buffer)));
            while (reader.TryRead(out NetlinkMessage reply))
            {
                if (reply.Sequence != sequence)
                {
                    // A late reply to an earlier request that timed out.
                    continue;
                }

                switch (reply.Type)
                {
                    case Interop.NLMSG_ERROR:
                        int error = reply.GetError(out ReadOnlySpan<byte> text);
                        kernelMessage = text.IsEmpty ? null : Encoding.UTF8.GetString(text);
                        LinuxTakeoverEventSource.Log.NetlinkAnswered(type, error);
                        return error;
                    case Interop.NLMSG_DONE:
                        LinuxTakeoverEventSource.Log.NetlinkAnswered(type, 0);
                        return 0;
                    case Interop.NLMSG_NOOP or Interop.NLMSG_OVERRUN:
                        continue;
                    default:
                        onReply?.Invoke(reply);
                        break;
                }
            }
        }
    }

    /// <summary>
    /// Sends every request of <paramref name="requests"/> (whole netlink messages, back to back, each with
    /// NLM_F_ACK) in one datagram, each with its own sequence number, then collects the acknowledgements: one kernel
    /// round trip for the batch instead of one per request. The kernel handles the messages in order and answers each
    /// one even after an earlier one failed. <paramref name="errors"/>[i] receives 0 or the positive errno of request
    /// i, <paramref name="kernelMessages"/>[i] its extended-ack text.
    /// </summary>
    /// <param name="requests">The requests.</param>
    /// <param name="errors">One per request: its result.</param>
    /// <param name="kernelMessages">One per request: its extended-ack text, or null.</param>
    /// <param name="acknowledgeLastOnly">
    /// Clear NLM_F_ACK on every request but the last (in <paramref name="requests"/>; the last gets it): the kernel
    /// then answers only the failing ones and the last, and the whole batch costs one read instead of one per request
    /// (a datagram holds one acknowledgement). It handles the messages in order, so every earlier failure is queued
    /// before the last acknowledgement.
    /// </param>
    public void TransactBatch(Span<byte> requests, Span<int> errors, Span<string?> kernelMessages, bool acknowledgeLastOnly = false)
    {
        int count = errors.Length;
        lock (_requestLock)
        {
            uint first = _sequence + 1;
            int offset = 0;
            for (int i = 0; i < count; i++)
            {
                int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(requests[offset..]);
                ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(requests[(offset + 6)..]);
                if (acknowledgeLastOnly)
                {
                    flags = (ushort)(i < count - 1 ? flags & ~Interop.NLM_F_ACK : flags | Interop.NLM_F_ACK);
                    BinaryPrimitives.WriteUInt16LittleEndian(requests[(offset + 6)..], flags);
                }
                else if ((flags & Interop.NLM_F_ACK) == 0)
                {
                    throw new ArgumentException("Every request of a batch needs NLM_F_ACK.", nameof(requests));
                }

                BinaryPrimitives.WriteUInt32LittleEndian(requests[(offset + 8)..], ++_sequence);
                errors[i] = -1;
                kernelMessages[i] = null;
                offset += NetlinkMessageWriter.Align(length);
            }

            int type = BinaryPrimitives.ReadUInt16LittleEndian(requests[4..]);
            LinuxTakeoverEventSource.Log.NetlinkSent(type, count);
            try
            {
                Socket.Send(requests[..offset]);
            }
            catch (SocketException ex)
            {
                throw new IOException($"sending an rtnetlink request failed: {ex.Message}", ex);
            }

            byte[] buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferLength);
            try
            {
                ReadAcknowledgements(buffer, first, type, errors, kernelMessages, acknowledgeLastOnly);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private void ReadAcknowledgements(byte[] buffer, uint first, int type, Span<int> errors, Span<string?> kernelMessages, bool acknowledgeLastOnly)
    {
        int count = errors.Length;
        int pending = acknowledgeLastOnly ? Math.Min(count, 1) : count;
        while (pending > 0)
        {
            var reader = new NetlinkMessageReader(buffer.AsSpan(0, Receive(buffer)));
            while (reader.TryRead(out NetlinkMessage reply))
            {
                // Anything else is a late reply to an earlier request that timed out.
                uint index = unchecked(reply.Sequence - first);
                if (reply.Type != Interop.NLMSG_ERROR || index >= (uint)count || errors[(int)index] >= 0)
                {
                    continue;
                }

                errors[(int)index] = reply.GetError(out ReadOnlySpan<byte> text);
                kernelMessages[(int)index] = text.IsEmpty ? null : Encoding.UTF8.GetString(text);
                if (!acknowledgeLastOnly || index == (uint)(count - 1))
                {
                    pending--;
                }
            }

            LinuxTakeoverEventSource.Log.NetlinkAnswered(type, count > 0 ? errors[count - 1] : 0);
        }

        if (acknowledgeLastOnly)
        {
            // The last acknowledgement came after every failure: the requests not answered succeeded.
            for (int i = 0; i < count; i++)
            {
                if (errors[i] < 0)
                {
                    errors[i] = 0;
                }
            }
        }
    }

    public void Dispose() => Socket.Dispose();

    /// <summary>Gets the port id the kernel bound the socket to (getsockname): the nlmsg_pid of the events its requests cause.</summary>
    public uint GetPortId()
    {
        var address = default(Interop.NetlinkSocketAddress);
        int length = sizeof(Interop.NetlinkSocketAddress);
        if (Interop.GetSockName(Socket.SafeHandle, &address, &length) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new IOException($"reading the rtnetlink socket's address failed: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
        }

        return address.PortId;
    }

    /// <summary>
    /// Makes the kernel drop, before they are queued on this (event) socket, the RTM_NEWADDR events whose nlmsg_pid is
    /// <paramref name="portId"/>: the address changes requested through that socket (a classic BPF socket filter,
    /// which netlink broadcasts run per listener). Each event is one message per datagram, so the filter reads the
    /// first header only.
    /// </summary>
    public void IgnoreAddressesAddedBy(uint portId)
    {
        // BPF loads are big-endian; netlink headers are in host order (little-endian here).
        uint type = BinaryPrimitives.ReverseEndianness((ushort)Interop.RTM_NEWADDR);
        uint port = BinaryPrimitives.ReverseEndianness(portId);
        Interop.SocketFilterInstruction* program = stackalloc Interop.SocketFilterInstruction[6];
        program[0] = new(Interop.BPF_LD_H_ABS, 0, 0, 4);             // nlmsg_type
        program[1] = new(Interop.BPF_JMP_JEQ_K, 0, 3, type);         // not RTM_NEWADDR: keep
        program[2] = new(Interop.BPF_LD_W_ABS, 0, 0, 12);            // nlmsg_pid
        program[3] = new(Interop.BPF_JMP_JEQ_K, 0, 1, port);         // another sender: keep
        program[4] = new(Interop.BPF_RET_K, 0, 0, 0);                // drop
        program[5] = new(Interop.BPF_RET_K, 0, 0, uint.MaxValue);    // keep the whole datagram
        var filter = new Interop.SocketFilterProgram { Length = 6, Instructions = program };
        if (Interop.SetSockOpt(Socket.SafeHandle, Interop.SOL_SOCKET, Interop.SO_ATTACH_FILTER, &filter, sizeof(Interop.SocketFilterProgram)) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new IOException($"attaching a filter to the rtnetlink socket failed: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
        }
    }

    private int Receive(byte[] buffer)
    {
        try
        {
            return Socket.Receive(buffer);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.TimedOut || ex.SocketErrorCode == SocketError.WouldBlock)
        {
            throw new IOException("the kernel did not answer an rtnetlink request within 5 seconds", ex);
        }
        catch (SocketException ex)
        {
            throw new IOException($"reading an rtnetlink reply failed: {ex.Message}", ex);
        }
    }


    private static void TrySetOption(Socket socket, int name, int value)
    {
        try
        {
            Span<byte> bytes = stackalloc byte[sizeof(int)];
            MemoryMarshal.Write(bytes, in value);
            socket.SetRawSocketOption(Interop.SOL_NETLINK, name, bytes);
        }
        catch (SocketException)
        {
        }
    }
}
