using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Versioning;
using Vrrp.Hosting;
using Vrrp.Hosting.Control;
using Vrrp.Linux.Addresses;

namespace Vrrp.Cli.Hosting;

/// <summary>
/// Compiles, at start, what a stop signal runs before the first priority-0 advert: <see cref="StopSignalLifetime"/>'s
/// handler, the controller, the hosted service's and each instance's stop request. The instance's own stop is compiled
/// and run by the takeover rehearsal; this is the chain above it, which would otherwise be compiled on the signal's
/// thread at the first SIGTERM (docs/failover.md). Runs once per process; does nothing without a JIT (Native AOT).
/// </summary>
[SupportedOSPlatform("linux")]
internal static class StopPathWarmup
{
    private const BindingFlags Members = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance;
    private static int s_done;

    [UnconditionalSuppressMessage("Trimming", "IL2075:UnrecognizedReflectionPattern", Justification = "Warm-up only: a trimmed-away method is not compiled ahead; Native AOT returns before this.")]
    public static void Run()
    {
        if (!RuntimeFeature.IsDynamicCodeCompiled || Interlocked.Exchange(ref s_done, 1) != 0)
        {
            return;
        }

        MasterPathWarmup.Prepare(typeof(StopSignalLifetime));
        MasterPathWarmup.Prepare(typeof(VrrpHostController));
        MasterPathWarmup.Prepare(typeof(HostedInstance));

        // Not the whole hosted service (reloads, health pollers: compiled when they run), only the stop request.
        foreach (string name in (string[])[nameof(VrrpHostedService.StopInstancesNow), "Snapshot"])
        {
            if (typeof(VrrpHostedService).GetMethod(name, Members) is { } method)
            {
                MasterPathWarmup.PrepareMethod(method);
            }
        }
    }
}
