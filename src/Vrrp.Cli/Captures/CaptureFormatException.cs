namespace Vrrp.Cli.Captures;

/// <summary>A capture file that is not pcap or pcapng, or is cut or corrupt.</summary>
internal sealed class CaptureFormatException : Exception
{
    public CaptureFormatException(string message)
        : base(message)
    {
    }

    public CaptureFormatException()
    {
    }

    public CaptureFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
