using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Vrrp.Linux;

/// <summary>File ownership changes .NET has no API for (the vrrp command's control socket group).</summary>
internal static class LinuxFileOwnership
{
    /// <summary>Gives a file (a socket, not followed if a symlink) to a group, keeping its owner.</summary>
    /// <exception cref="IOException">The change failed (EPERM without CAP_CHOWN for a group the process is not in).</exception>
    public static void SetGroup(string path, uint groupId)
    {
        if (Interop.LChown(path, uint.MaxValue, groupId) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new IOException($"cannot give {path} to gid {groupId}: {new Win32Exception(errno).Message}", errno);
        }
    }
}
