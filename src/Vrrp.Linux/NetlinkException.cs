using System.Runtime.InteropServices;

namespace Vrrp.Linux;

/// <summary>An rtnetlink request failed; the message carries the kernel's extended-ack text when it gave one.</summary>
public sealed class NetlinkException : IOException
{
    /// <summary>Initializes a new instance.</summary>
    public NetlinkException()
        : this("an rtnetlink request failed")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">The message.</param>
    public NetlinkException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public NetlinkException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance from a kernel error.</summary>
    /// <param name="operation">What was attempted, for example "adding 192.0.2.10/32 to eth0".</param>
    /// <param name="errorNumber">The positive errno the kernel returned.</param>
    /// <param name="kernelMessage">The extended-ack text, or <see langword="null"/>.</param>
    public NetlinkException(string operation, int errorNumber, string? kernelMessage)
        : base(Format(operation, errorNumber, kernelMessage))
    {
        ErrorNumber = errorNumber;
        KernelMessage = kernelMessage;
        HResult = errorNumber;
    }

    /// <summary>Gets the positive errno the kernel returned, or 0.</summary>
    public int ErrorNumber { get; }

    /// <summary>Gets the kernel's extended-ack text (for example "ipv4: Address already assigned"), or <see langword="null"/>.</summary>
    public string? KernelMessage { get; }

    /// <summary>
    /// The exception for a change request (add, delete, set) the kernel refused: EPERM is a missing CAP_NET_ADMIN
    /// (a <see cref="MissingCapabilityException"/> around the kernel error), anything else the kernel error itself.
    /// </summary>
    internal static Exception ForChange(string operation, int errorNumber, string? kernelMessage)
    {
        // Only EPERM means a missing capability: the kernel uses EACCES for "IPv6 is disabled on this device".
        var error = new NetlinkException(operation, errorNumber, kernelMessage);
        return (Interop.Errno)errorNumber == Interop.Errno.EPERM ? new MissingCapabilityException(operation, "CAP_NET_ADMIN", error) : error;
    }

    private static string Format(string operation, int errorNumber, string? kernelMessage)
    {
        string system = Marshal.GetPInvokeErrorMessage(errorNumber);
        return string.IsNullOrEmpty(kernelMessage)
            ? $"{operation} failed: {system}"
            : $"{operation} failed: {kernelMessage} ({system})";
    }
}
