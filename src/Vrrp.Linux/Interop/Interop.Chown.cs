using System.Runtime.InteropServices;

namespace Vrrp.Linux;

internal static partial class Interop
{
    /// <summary>lchown(2): changes a file's owner and group (-1 leaves one unchanged) without following a symlink.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int LChown(string path, uint owner, uint group);
}
