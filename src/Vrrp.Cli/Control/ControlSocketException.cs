namespace Vrrp.Cli.Control;

/// <summary>The control socket cannot be created; the message is one line for the operator.</summary>
internal sealed class ControlSocketException : Exception
{
    public ControlSocketException(string message)
        : base(message)
    {
    }

    public ControlSocketException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
