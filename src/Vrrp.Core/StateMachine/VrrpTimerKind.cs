namespace Vrrp.StateMachine;

/// <summary>The one timer a state machine runs at a time: which one depends on the state.</summary>
internal enum VrrpTimerKind : byte
{
    /// <summary>No timer is armed.</summary>
    None = 0,

    /// <summary>Adver_Timer: a master sends its next advertisement when it fires (RFC 5798 §6.2).</summary>
    Adver = 1,

    /// <summary>Master_Down_Timer: a backup takes over when it fires (RFC 5798 §6.2).</summary>
    MasterDown = 2,
}
