namespace Vrrp.Linux;

internal static partial class Interop
{
    /// <summary>Linux errno values (asm-generic/errno-base.h, errno.h) the library reacts to.</summary>
    internal enum Errno
    {
        EPERM = 1,
        ENOENT = 2,
        ESRCH = 3,
        EINTR = 4,
        ENXIO = 6,
        EAGAIN = 11,
        EACCES = 13,
        EEXIST = 17,
        ENODEV = 19,
        EINVAL = 22,
        EPROTONOSUPPORT = 93,
        EAFNOSUPPORT = 97,
        EADDRINUSE = 98,
        EADDRNOTAVAIL = 99,
        ENETDOWN = 100,
        ENETUNREACH = 101,
        ENOBUFS = 105,
    }
}
