namespace Vrrp.Linux;

/// <summary>
/// Thrown when an operation needs a Linux capability the process does not have, with a message that names both
/// ("opening the VRRP socket on eth0 needs CAP_NET_RAW") instead of an errno.
/// </summary>
public sealed class MissingCapabilityException : UnauthorizedAccessException
{
    /// <summary>Initializes a new instance.</summary>
    public MissingCapabilityException()
        : this("an operation", "a capability")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">The message.</param>
    public MissingCapabilityException(string message)
        : base(message)
    {
        Operation = message;
        Capability = string.Empty;
    }

    /// <summary>Initializes a new instance with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The error that revealed the missing capability.</param>
    public MissingCapabilityException(string message, Exception innerException)
        : base(message, innerException)
    {
        Operation = message;
        Capability = string.Empty;
    }

    /// <summary>Initializes a new instance for an operation and the capability it needs.</summary>
    /// <param name="operation">What was attempted, for example "opening the VRRP socket on eth0".</param>
    /// <param name="capability">The capability, for example "CAP_NET_RAW".</param>
    /// <param name="innerException">The error that revealed the missing capability, if any.</param>
    public MissingCapabilityException(string operation, string capability, Exception? innerException = null)
        : base($"{operation} needs {capability}", innerException)
    {
        Operation = operation;
        Capability = capability;
    }

    /// <summary>Gets what was attempted, for example "opening the VRRP socket on eth0".</summary>
    public string Operation { get; }

    /// <summary>Gets the missing capability, for example "CAP_NET_RAW", or empty when unknown.</summary>
    public string Capability { get; }
}
