namespace Vrrp.Linux;

internal static partial class Interop
{
    /// <summary>Linux errno values (asm-generic/errno-base.h, errno.h) the library reacts to.</summary>
    internal static class Errno
    {
        internal const int EPERM = 1;
        internal const int ENOENT = 2;
        internal const int ESRCH = 3;
        internal const int EINTR = 4;
        internal const int ENXIO = 6;
        internal const int EAGAIN = 11;
        internal const int EACCES = 13;
        internal const int EEXIST = 17;
        internal const int ENODEV = 19;
        internal const int EINVAL = 22;
        internal const int EPROTONOSUPPORT = 93;
        internal const int EAFNOSUPPORT = 97;
        internal const int EADDRINUSE = 98;
        internal const int EADDRNOTAVAIL = 99;
        internal const int ENETDOWN = 100;
        internal const int ENETUNREACH = 101;
        internal const int ENOBUFS = 105;

        /// <summary>Whether an errno means the caller lacks a capability.</summary>
        internal static bool IsPermissionError(int errno) => errno is EPERM or EACCES;
    }
}
