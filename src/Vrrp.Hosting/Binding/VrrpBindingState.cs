namespace Vrrp.Hosting.Binding;

/// <summary>Where the VIP commands of an instance stand (<see cref="VrrpBindingStatus.State"/>).</summary>
public enum VrrpBindingState
{
    /// <summary>No command has run yet (the instance has not been master).</summary>
    Idle,

    /// <summary>The take command runs, or waits to run again after a failure.</summary>
    Taking,

    /// <summary>The take command succeeded: the move is requested, not confirmed (no confirm command, or it has not succeeded yet).</summary>
    Requested,

    /// <summary>The confirm command succeeded after the take: the address has really moved here.</summary>
    Confirmed,

    /// <summary>The release command runs, or waits to run again after a failure.</summary>
    Releasing,

    /// <summary>The release command succeeded, or there is none and the instance left master.</summary>
    Released,

    /// <summary>A command failed on every attempt (<see cref="VrrpBindingStatus.LastError"/> says which and why).</summary>
    Failed,
}
