namespace Vrrp.Linux.Sockets;

/// <summary>
/// Names the network namespace of the calling thread (the target of <c>/proc/thread-self/ns/net</c>, e.g.
/// <c>net:[4026531840]</c>), so that sockets shared by interface are never shared across namespaces: eth0 of two
/// namespaces may have the same index, and a process may open sockets in several (a thread that called setns).
/// </summary>
internal static class NetworkNamespaceId
{
    public static string Current()
    {
        try
        {
            return new FileInfo("/proc/thread-self/ns/net").LinkTarget ?? string.Empty;
        }
        catch (IOException)
        {
            return string.Empty;
        }
        catch (UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}
