namespace Vrrp.Hosting.Control;

/// <summary>What a reload does to one instance or sync group.</summary>
public enum VrrpReloadActionKind
{
    /// <summary>Unchanged: it keeps its state, timers and addresses.</summary>
    Keep,

    /// <summary>Changed live (priority, virtual addresses, ...): no transition.</summary>
    Update,

    /// <summary>Changed in a way that cannot apply live: stopped (priority 0 when master) and started again.</summary>
    Restart,

    /// <summary>New: started.</summary>
    Add,

    /// <summary>Gone from the configuration: stopped (priority 0 when master, addresses released).</summary>
    Remove,
}
