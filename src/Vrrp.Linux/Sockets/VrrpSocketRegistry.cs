using System.Net;
using System.Net.Sockets;

namespace Vrrp.Linux.Sockets;

/// <summary>
/// The process-wide registry of shared VRRP sockets: the first transport on an interface (and family, in a network
/// namespace) opens its receive socket, the last one closes it; likewise one send socket per source address. Opening
/// happens on the caller's thread, so a thread that entered another namespace opens the sockets there.
/// </summary>
internal static class VrrpSocketRegistry
{
    private static readonly Lock s_lock = new();
    private static readonly Dictionary<ReceiveSocketKey, SharedReceiveSocket> s_receive = [];
    private static readonly Dictionary<SendSocketKey, SharedSendSocket> s_send = [];

    /// <summary>Takes a reference on the interface's receive socket, joining <paramref name="group"/> (null: unicast, none).</summary>
    public static SharedReceiveSocket AcquireReceive(ReceiveSocketKey key, string interfaceName, IPAddress? group)
    {
        lock (s_lock)
        {
            bool opened = false;
            if (!s_receive.TryGetValue(key, out SharedReceiveSocket? shared))
            {
                shared = SharedReceiveSocket.Open(key, interfaceName);
                s_receive[key] = shared;
                opened = true;
            }

            try
            {
                if (group is not null)
                {
                    shared.AddGroup(group);
                }
            }
            catch
            {
                if (opened)
                {
                    s_receive.Remove(key);
                    shared.Dispose();
                }

                throw;
            }

            shared.References++;
            return shared;
        }
    }

    /// <summary>Drops a reference taken by <see cref="AcquireReceive"/>; the last one closes the socket.</summary>
    public static void ReleaseReceive(SharedReceiveSocket shared, IPAddress? group)
    {
        lock (s_lock)
        {
            if (group is not null)
            {
                shared.RemoveGroup(group);
            }

            if (--shared.References == 0)
            {
                s_receive.Remove(shared.Key);
                shared.Dispose();
            }
        }
    }

    /// <summary>Takes a reference on the send socket for <paramref name="key"/>, opened with <paramref name="open"/> if there is none.</summary>
    public static SharedSendSocket AcquireSend(SendSocketKey key, Func<Socket> open)
    {
        lock (s_lock)
        {
            if (!s_send.TryGetValue(key, out SharedSendSocket? shared))
            {
                shared = new SharedSendSocket(key, open());
                s_send[key] = shared;
            }

            shared.References++;
            return shared;
        }
    }

    /// <summary>Drops a reference taken by <see cref="AcquireSend"/>; the last one closes the socket.</summary>
    public static void ReleaseSend(SharedSendSocket shared)
    {
        lock (s_lock)
        {
            if (--shared.References == 0)
            {
                s_send.Remove(shared.Key);
                shared.Socket.Dispose();
            }
        }
    }

    /// <summary>Gets how many shared receive sockets are open (for tests).</summary>
    public static int ReceiveSocketCount
    {
        get
        {
            lock (s_lock)
            {
                return s_receive.Count;
            }
        }
    }

    /// <summary>Gets how many shared send sockets are open (for tests).</summary>
    public static int SendSocketCount
    {
        get
        {
            lock (s_lock)
            {
                return s_send.Count;
            }
        }
    }

    /// <summary>Finds the open receive socket of a key (for tests).</summary>
    public static SharedReceiveSocket? FindReceive(ReceiveSocketKey key)
    {
        lock (s_lock)
        {
            return s_receive.GetValueOrDefault(key);
        }
    }
}
