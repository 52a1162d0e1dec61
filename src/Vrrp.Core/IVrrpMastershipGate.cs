using Vrrp.Instances;

namespace Vrrp;

/// <summary>
/// A witness outside VRRP that must agree before a node may be master (etcd's lease in <c>Vrrp.Etcd</c>): a backup
/// whose Master_Down_Timer expires becomes master only once the gate is open, and a master whose gate closes leaves
/// for backup at once (advertising priority 0 and releasing its addresses). Implemented by the instance's
/// <see cref="IVipBinder"/> (a decorator around the platform's binder), as <see cref="IVipLeaseBinder"/> is: the
/// instance finds it there, so no platform or runner needs to know about it.
/// </summary>
/// <remarks>
/// A gated instance does not preempt a lower-priority master it hears (the master holds the gate and keeps it until
/// it gives mastership up): preemption would need the master to hand the gate over, which VRRP cannot ask for.
/// </remarks>
public interface IVrrpMastershipGate
{
    /// <summary>
    /// Called once, when the instance is created, before it starts: from then on the gate reports its answer with
    /// <see cref="VrrpInstance.SetMastershipPermitted"/> (from any thread), starting closed.
    /// </summary>
    /// <param name="instance">The instance the gate decides for.</param>
    void Connect(VrrpInstance instance);

    /// <summary>
    /// Called on the instance's input loop whenever the instance starts or stops wanting mastership: it wants it while
    /// master, and while a backup whose Master_Down_Timer expired waits for the gate. It stops wanting it after it left
    /// master (its addresses already removed) or heard a master it defers to. Must return at once.
    /// </summary>
    /// <param name="instance">The instance's settings.</param>
    /// <param name="wanted">Whether the instance wants mastership.</param>
    void SetWanted(VrrpInstanceSettings instance, bool wanted);
}
