using System.Runtime.InteropServices;

namespace Vrrp.TestSupport.Netns;

/// <summary>
/// Drops capabilities from the calling thread only (Linux credentials are per thread; the capset system call does
/// not broadcast to other threads as glibc's setuid does). Use it on a dedicated thread.
/// </summary>
internal static unsafe partial class ThreadCapabilities
{
    public const int NetAdmin = 12;
    public const int NetRaw = 13;
    private const uint Version3 = 0x20080522;

    public static void DropEffective(params int[] capabilities)
    {
        var header = new Header { Version = Version3 };
        Data* data = stackalloc Data[2];
        if (CapGet(&header, data) != 0)
        {
            throw new IOException($"capget failed: {Marshal.GetLastPInvokeError()}");
        }

        foreach (int capability in capabilities)
        {
            data[capability / 32].Effective &= ~(1u << (capability % 32));
        }

        if (CapSet(&header, data) != 0)
        {
            throw new IOException($"capset failed: {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "capget", SetLastError = true)]
    private static partial int CapGet(Header* header, Data* data);

    [LibraryImport("libc", EntryPoint = "capset", SetLastError = true)]
    private static partial int CapSet(Header* header, Data* data);

    [StructLayout(LayoutKind.Sequential)]
    private struct Header
    {
        public uint Version;
        public int Pid;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Data
    {
        public uint Effective;
        public uint Permitted;
        public uint Inheritable;
    }
}
