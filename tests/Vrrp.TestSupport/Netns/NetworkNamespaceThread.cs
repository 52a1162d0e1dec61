using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Microsoft.Win32.SafeHandles;
using Vrrp.Linux;

namespace Vrrp.TestSupport.Netns;

/// <summary>
/// Runs code on a dedicated thread that has entered a network namespace (setns), so that the sockets it creates live
/// in that namespace for their whole life. Never uses a pool thread, whose namespace would leak to other work.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class NetworkNamespaceThread
{
    public static T Run<T>(string networkNamespace, Func<T> action)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using (SafeFileHandle handle = File.OpenHandle($"/run/netns/{networkNamespace}"))
                {
                    if (Interop.SetNs(handle, Interop.CLONE_NEWNET) != 0)
                    {
                        throw new IOException($"setns({networkNamespace}) failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
                    }
                }

                result = action();
            }
            catch (Exception ex)
            {
                failure = ExceptionDispatchInfo.Capture(ex);
            }
        })
        {
            IsBackground = true,
            Name = $"netns {networkNamespace}",
        };
        thread.Start();
        if (!thread.Join(TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException($"code in namespace {networkNamespace} did not finish within 30 s");
        }

        failure?.Throw();
        return result;
    }

    public static void Run(string networkNamespace, Action action) => Run(networkNamespace, () =>
    {
        action();
        return 0;
    });
}
