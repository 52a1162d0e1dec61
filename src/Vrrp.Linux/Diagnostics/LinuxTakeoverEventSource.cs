using System.Diagnostics.Tracing;

namespace Vrrp.Linux.Diagnostics;

/// <summary>
/// Timestamps of the Linux steps of a takeover (rtnetlink requests sent and answered, gratuitous ARP / NA sent, link
/// events handled), the companion of Vrrp.Core's <c>Vrrp-Takeover</c> source (docs/failover.md). Off unless a
/// listener enables it; disabled, each call is one field test and allocates nothing.
/// </summary>
[EventSource(Name = "Vrrp-Linux-Takeover")]
internal sealed class LinuxTakeoverEventSource : EventSource
{
    public static readonly LinuxTakeoverEventSource Log = new();

    private LinuxTakeoverEventSource()
    {
    }

    /// <summary>An rtnetlink request of <paramref name="type"/> (RTM_*) goes out, <paramref name="count"/> messages in the datagram.</summary>
    [Event(1, Level = EventLevel.Informational)]
    public void NetlinkSent(int type, int count)
    {
        if (IsEnabled())
        {
            WriteEvent(1, type, count);
        }
    }

    /// <summary>Every answer to the request of <paramref name="type"/> is in (<paramref name="error"/>: 0 or the errno of the last).</summary>
    [Event(2, Level = EventLevel.Informational)]
    public void NetlinkAnswered(int type, int error)
    {
        if (IsEnabled())
        {
            WriteEvent(2, type, error);
        }
    }

    /// <summary>A gratuitous ARP (<paramref name="family"/> 4) or unsolicited NA (6) left the AF_PACKET socket.</summary>
    [Event(3, Level = EventLevel.Informational)]
    public void AnnouncementSent(int family)
    {
        if (IsEnabled())
        {
            WriteEvent(3, family);
        }
    }

    /// <summary>The link monitor starts handling <paramref name="bytes"/> bytes of rtnetlink events.</summary>
    [Event(4, Level = EventLevel.Informational)]
    public void LinkEventsStart(int bytes)
    {
        if (IsEnabled())
        {
            WriteEvent(4, bytes);
        }
    }

    /// <summary>The link monitor handled them (<paramref name="reported"/> changes queued for readers).</summary>
    [Event(5, Level = EventLevel.Informational)]
    public void LinkEventsEnd(int reported)
    {
        if (IsEnabled())
        {
            WriteEvent(5, reported);
        }
    }

    /// <summary>A stop signal's managed handler began (<paramref name="signal"/>: the signal number), on the runtime's signal thread.</summary>
    [Event(6, Level = EventLevel.Informational)]
    public void StopSignal(int signal)
    {
        if (IsEnabled())
        {
            WriteEvent(6, signal);
        }
    }
}
