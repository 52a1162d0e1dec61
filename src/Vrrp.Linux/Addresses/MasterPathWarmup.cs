using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using Vrrp.Instances;
using Vrrp.Linux.Announcements;
using Vrrp.Linux.Netlink;
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

    /// <summary>Compiles the takeover path once: VIP add, advertisement encoding and sending, GARP / NA frames.</summary>
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

        // Every method (and async state machine) on the takeover path, by type, so a rename cannot silently skip one.
        Prepare(typeof(VrrpInstance));
        Prepare(typeof(VrrpPacketWriter));
        Prepare(Type.GetType("Vrrp.StateMachine.VrrpStateMachine, Vrrp.Core"));
        Prepare(typeof(LinuxVipBinder));
        Prepare(typeof(NetlinkAddresses));
        Prepare(typeof(AddressRequest));
        Prepare(typeof(VipLeaseRenewal));
        Prepare(typeof(LinuxAddressAnnouncer));
        Prepare(typeof(LinuxVrrpTransport));
        Prepare(typeof(AnnouncementFrames));
        Prepare(typeof(NetlinkSocket));
        Prepare(typeof(NetlinkMessageWriter));
    }

    [UnconditionalSuppressMessage("Trimming", "IL2070:UnrecognizedReflectionPattern", Justification = "Warm-up only: a trimmed-away method is simply not compiled ahead; Native AOT returns before this.")]
    [UnconditionalSuppressMessage("Trimming", "IL2075:UnrecognizedReflectionPattern", Justification = "Warm-up only, as above.")]
    private static void Prepare(Type? type)
    {
        if (type is null || type.ContainsGenericParameters)
        {
            return;
        }

        foreach (MethodInfo method in type.GetMethods(DeclaredMethods))
        {
            if (method.IsAbstract || method.ContainsGenericParameters)
            {
                continue;
            }

            try
            {
                RuntimeHelpers.PrepareMethod(method.MethodHandle);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or NotSupportedException or TypeLoadException or BadImageFormatException)
            {
                // Not compilable on its own (for example a P/Invoke declaration): the first call compiles it.
            }
        }

        foreach (ConstructorInfo constructor in type.GetConstructors(DeclaredMethods & ~BindingFlags.Static))
        {
            RuntimeHelpers.PrepareMethod(constructor.MethodHandle);
        }

        // Async methods and lambdas live in compiler-generated nested types.
        foreach (Type nested in type.GetNestedTypes(BindingFlags.NonPublic | BindingFlags.Public))
        {
            Prepare(nested);
        }
    }
}
