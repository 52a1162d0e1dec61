using System.Net.Sockets;
using System.Runtime.InteropServices;
using Vrrp.Linux.Scheduling;

namespace Vrrp.Linux.Sockets;

/// <summary>
/// The one thread that reads every <see cref="SharedReceiveSocket"/> of the process: it waits in epoll for any of them
/// and reads a datagram from each ready socket, as keepalived's one loop does. A thread per interface woke once per
/// datagram each (about 10,400 context switches a second for a backup of 1,000 instances on 4 interfaces, keepalived
/// 4,400 for the same traffic); one thread finds datagrams of several interfaces waiting after a wake-up. Reference
/// counted: the first socket starts it, the thread ends after the last one left.
/// </summary>
internal sealed unsafe class ReceiveEventLoop
{
    private const int MaxEvents = 16;

    // Datagrams read from a ready socket per turn. One: epoll is level-triggered and reports a socket that still holds
    // datagrams again at once, while reading on until EAGAIN cost a third system call per advert when, as nearly
    // always, one datagram had woken the thread (epoll_wait, recvmsg, recvmsg EAGAIN; system calls are dear on a VM).
    private const int MaxPerSocket = 1;

    // How often the thread looks at _stopped when no datagram comes.
    private const int StopCheckMilliseconds = 1000;

    private static readonly Lock s_lock = new();
    private static ReceiveEventLoop? s_current;
    private readonly int _epoll;
    private SharedReceiveSocket?[] _slots = [];
    private int _references;
    private volatile bool _stopped;

    private ReceiveEventLoop(int epoll) => _epoll = epoll;

    /// <summary>Adds a socket to the process's loop (starting it when there is none) and returns the loop.</summary>
    public static ReceiveEventLoop Add(SharedReceiveSocket socket, SafeSocketHandle handle, out int slot)
    {
        lock (s_lock)
        {
            ReceiveEventLoop? loop = s_current;
            if (loop is null)
            {
                int epoll = Interop.EpollCreate(Interop.EPOLL_CLOEXEC);
                if (epoll < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    throw new IOException($"creating the VRRP receive loop's epoll failed: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
                }

                loop = new ReceiveEventLoop(epoll);
                new Thread(loop.Run) { IsBackground = true, Name = "vrrp-rx" }.UnsafeStart();
                s_current = loop;
            }

            slot = loop.Register(socket, handle);
            loop._references++;
            return loop;
        }
    }

    /// <summary>Takes a socket out of the loop before it is closed; the last one ends the thread.</summary>
    public void Remove(SafeSocketHandle handle, int slot)
    {
        lock (s_lock)
        {
            byte* epollEvent = stackalloc byte[16];
            _ = Interop.EpollControl(_epoll, Interop.EPOLL_CTL_DEL, handle, epollEvent);
            SharedReceiveSocket?[] slots = [.. _slots];
            slots[slot] = null;
            Volatile.Write(ref _slots, slots);
            if (--_references == 0)
            {
                // The thread closes the epoll descriptor when it sees this; a socket added later gets a new loop.
                _stopped = true;
                s_current = null;
            }
        }
    }

    // Under s_lock.
    private int Register(SharedReceiveSocket socket, SafeSocketHandle handle)
    {
        int slot = Array.IndexOf(_slots, null);
        SharedReceiveSocket?[] slots = slot < 0 ? [.. _slots, null] : [.. _slots];
        if (slot < 0)
        {
            slot = slots.Length - 1;
        }

        slots[slot] = socket;
        Volatile.Write(ref _slots, slots);
        byte* epollEvent = stackalloc byte[16];
        *(uint*)epollEvent = Interop.EPOLLIN;
        *(ulong*)(epollEvent + Interop.EpollEventDataOffset) = (ulong)slot;
        if (Interop.EpollControl(_epoll, Interop.EPOLL_CTL_ADD, handle, epollEvent) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            slots = [.. _slots];
            slots[slot] = null;
            Volatile.Write(ref _slots, slots);
            throw new IOException($"adding a VRRP socket to the receive loop failed: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
        }

        return slot;
    }

    private void Run()
    {
        // vrrp_rt_priority: an advert waiting in a socket is as late as a late timer.
        RealtimeScheduling.ApplyToCurrentThread();
        try
        {
            Loop();
        }
        finally
        {
            RealtimeScheduling.LeaveCurrentThread();
            _ = Interop.Close(_epoll);
        }
    }

    private void Loop()
    {
        byte[] buffer = new byte[LinuxVrrpTransport.RecommendedReceiveBufferLength];
        int size = Interop.EpollEventSize;
        int dataOffset = Interop.EpollEventDataOffset;
        byte* events = stackalloc byte[MaxEvents * 16];
        while (!_stopped)
        {
            int ready = Interop.EpollWait(_epoll, events, MaxEvents, StopCheckMilliseconds);
            if (ready < 0)
            {
                // EINTR (a signal); anything else would repeat at once, so pause as a failed receive did.
                if ((Interop.Errno)Marshal.GetLastPInvokeError() != Interop.Errno.EINTR)
                {
                    Thread.Sleep(100);
                }

                continue;
            }

            SharedReceiveSocket?[] slots = Volatile.Read(ref _slots);
            for (int i = 0; i < ready; i++)
            {
                ulong slot = *(ulong*)(events + (i * size) + dataOffset);
                if (slot < (ulong)slots.Length && slots[(int)slot] is { } socket)
                {
                    socket.Drain(buffer, MaxPerSocket);
                }
            }
        }
    }
}
