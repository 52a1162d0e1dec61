using System.Runtime.InteropServices;

namespace Vrrp.Linux;

internal static unsafe partial class Interop
{
    internal const int MSG_CTRUNC = 0x08;
    internal const int MSG_TRUNC = 0x20;
    internal const int MSG_DONTWAIT = 0x40;

    [LibraryImport(Libraries.Libc, EntryPoint = "recvmsg", SetLastError = true)]
    internal static partial nint RecvMsg(SafeHandle socket, MessageHeader* message, int flags);

    /// <summary>struct iovec.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct IOVector
    {
        public void* Base;
        public nuint Length;
    }

    /// <summary>struct msghdr (56 bytes on 64-bit Linux).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct MessageHeader
    {
        public void* Name;
        public uint NameLength;
        public IOVector* IOVectors;
        public nuint IOVectorCount;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    /// <summary>struct cmsghdr; data follows at <see cref="ControlMessageDataOffset"/>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct ControlMessageHeader
    {
        public nuint Length;
        public int Level;
        public int Type;
    }

    /// <summary>CMSG_ALIGN(sizeof(struct cmsghdr)).</summary>
    internal static int ControlMessageDataOffset => ControlMessageAlign(sizeof(ControlMessageHeader));

    internal static int ControlMessageAlign(int length) => (length + sizeof(nuint) - 1) & ~(sizeof(nuint) - 1);
}
