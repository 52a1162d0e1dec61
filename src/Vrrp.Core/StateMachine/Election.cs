namespace Vrrp.StateMachine;

/// <summary>Who wins when two routers claim the same virtual router (RFC 5798 §6.4.3).</summary>
internal static class Election
{
    /// <summary>
    /// Whether the sender of an advertisement beats the local router: a higher priority wins; equal priorities are won
    /// by the higher primary address compared as an unsigned integer in network byte order.
    /// </summary>
    public static bool SenderWins(byte senderPriority, VrrpAddress senderAddress, byte localPriority, VrrpAddress localAddress) =>
        senderPriority > localPriority || (senderPriority == localPriority && senderAddress > localAddress);
}
