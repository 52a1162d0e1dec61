using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using Vrrp.Diagnostics;
using Vrrp.Instances;
using Vrrp.Linux.Announcements;
using Vrrp.Linux.Diagnostics;
using Vrrp.Linux.Links;
using Vrrp.Linux.Netlink;
using Vrrp.Linux.Sockets;
using Vrrp.Packets;

namespace Vrrp.Linux.Addresses;

/// <summary>
/// Compiles the Backup -> Master path ahead of time, without side effects: a backup never runs it until its first
/// takeover, where the JIT cost it about 7 ms before the first gratuitous ARP (measured against keepalived,
/// docs/failover.md). Runs once per process; does nothing without a JIT (Native AOT).
/// </summary>
internal static class MasterPathWarmup
{
    private const BindingFlags DeclaredMethods = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;
    private static int s_done;

    /// <summary>Internal types of Vrrp.Core on the takeover path (not visible here by type; a test checks each resolves).</summary>
    internal static readonly string[] CoreTypeNames =
    [
        "Vrrp.StateMachine.VrrpStateMachine, Vrrp.Core",
        "Vrrp.StateMachine.VrrpEffect, Vrrp.Core",
        "Vrrp.Instances.VipBinderCalls, Vrrp.Core",
        "Vrrp.Instances.AdvertisementSender, Vrrp.Core",
        "Vrrp.Instances.AdvertisementFilter, Vrrp.Core",
        "Vrrp.Instances.TimerLatenessRecorder, Vrrp.Core",
        "Vrrp.Instances.InstanceExplainer, Vrrp.Core",
        "Vrrp.Diagnostics.MeteredInstance, Vrrp.Core",
        "Vrrp.Diagnostics.TakeoverEventSource, Vrrp.Core",
    ];

    /// <summary>Compiles the takeover path once: VIP add, advertisement encoding and sending, GARP / NA frames.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2057:UnrecognizedReflectionPattern", Justification = "Warm-up only: a type trimmed away is skipped; Native AOT returns before this.")]
    public static void Run()
    {
        if (!RuntimeFeature.IsDynamicCodeCompiled || Interlocked.Exchange(ref s_done, 1) != 0)
        {
            return;
        }

        // Build (not send) one frame of each kind: also runs the static initialisers the first burst would.
        Span<byte> frame = stackalloc byte[AnnouncementFrames.NeighborAdvertisementLength];
        ReadOnlySpan<byte> mac = [0x02, 0, 0, 0, 0, 1];
        AnnouncementFrames.WriteGratuitousArp(frame, mac, [192, 0, 2, 1]);
        AnnouncementFrames.WriteNeighborAdvertisement(frame, mac, [0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], router: true);

        // Every method (and async state machine) on the takeover path, by type, so a rename cannot silently skip one;
        // the list is what a JIT trace of a first takeover compiled (docs/failover.md, VRRP_TRACE_JIT).
        Prepare(typeof(VrrpInstance));
        Prepare(typeof(VrrpPacketWriter));
        Prepare(typeof(VrrpAdvertisement));
        Prepare(typeof(VrrpInstanceSettings));
        Prepare(typeof(VrrpVirtualAddress));
        Prepare(typeof(VrrpCounterSet));
        Prepare(typeof(VrrpMetrics));

        foreach (string name in CoreTypeNames)
        {
            Prepare(Type.GetType(name));
        }

        Prepare(typeof(LinuxVrrpInstanceRunner));
        Prepare(typeof(LinuxVipBinder));
        Prepare(typeof(NetlinkAddresses));
        Prepare(typeof(AddressRequest));
        Prepare(typeof(VipLeaseRenewal));
        Prepare(typeof(VipLeaseRenewals));
        Prepare(typeof(LinuxAddressAnnouncer));
        Prepare(typeof(LinuxVrrpTransport));
        Prepare(typeof(Destination));
        Prepare(typeof(AnnouncementFrames));
        Prepare(typeof(NetlinkSocket));
        Prepare(typeof(SharedNetlinkSocket));
        Prepare(typeof(NetlinkMessageWriter));
        Prepare(typeof(LinuxLinkMonitor));
        Prepare(typeof(LinkEvent));
        Prepare(typeof(Log));
        Prepare(typeof(LinuxTakeoverEventSource));
    }

    /// <summary>Compiles one method now (nothing without a JIT); one that cannot be compiled on its own is left to its first call.</summary>
    /// <param name="method">A non-generic, non-abstract method.</param>
    internal static void PrepareMethod(MethodInfo method)
    {
        if (!RuntimeFeature.IsDynamicCodeCompiled)
        {
            return;
        }

        try
        {
            // PrepareMethod alone compiled nothing for some methods (LinuxVipBinder.AddAsync, the transport's
            // SendAsync: a JIT trace showed them compiled at the first takeover); asking for the entry point
            // first makes it compile them.
            _ = method.MethodHandle.GetFunctionPointer();
            RuntimeHelpers.PrepareMethod(method.MethodHandle);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or NotSupportedException or TypeLoadException or BadImageFormatException)
        {
            // Not compilable on its own (for example a P/Invoke declaration): the first call compiles it.
        }
    }

    /// <summary>Compiles every method of <paramref name="type"/> and of its nested types (async state machines, lambdas); nothing without a JIT.</summary>
    /// <param name="type">The type, or null (skipped).</param>
    [UnconditionalSuppressMessage("Trimming", "IL2070:UnrecognizedReflectionPattern", Justification = "Warm-up only: a trimmed-away method is simply not compiled ahead; Native AOT returns before this.")]
    [UnconditionalSuppressMessage("Trimming", "IL2075:UnrecognizedReflectionPattern", Justification = "Warm-up only, as above.")]
    [UnconditionalSuppressMessage("Trimming", "IL2059:UnrecognizedReflectionPattern", Justification = "Warm-up only, as above.")]
    internal static void Prepare(Type? type)
    {
        if (!RuntimeFeature.IsDynamicCodeCompiled)
        {
            return;
        }

        if (type is null || type.ContainsGenericParameters)
        {
            return;
        }

        foreach (MethodInfo method in type.GetMethods(DeclaredMethods))
        {
            if (!method.IsAbstract && !method.ContainsGenericParameters)
            {
                PrepareMethod(method);
            }
        }

        foreach (ConstructorInfo constructor in type.GetConstructors(DeclaredMethods & ~BindingFlags.Static))
        {
            _ = constructor.MethodHandle.GetFunctionPointer();
            RuntimeHelpers.PrepareMethod(constructor.MethodHandle);
        }

        // The compiler's lambda cache (<>c) only creates its singleton: run its static constructor now, not at takeover.
        if (type.Name == "<>c")
        {
            RuntimeHelpers.RunClassConstructor(type.TypeHandle);
        }

        // Async methods and lambdas live in compiler-generated nested types.
        foreach (Type nested in type.GetNestedTypes(BindingFlags.NonPublic | BindingFlags.Public))
        {
            Prepare(nested);
        }
    }
}
