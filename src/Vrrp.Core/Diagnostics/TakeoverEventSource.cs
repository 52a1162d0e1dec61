using System.Diagnostics.Tracing;

namespace Vrrp.Diagnostics;

/// <summary>
/// Timestamps of the steps on an instance's path from a timer firing to the effects it causes (the takeover: timer
/// fired, machine stepped, each effect started and finished, advertisement encoded and handed to the transport), for
/// finding where a takeover's milliseconds go (docs/failover.md). Off unless a listener enables it (the
/// <c>vrrp</c> command's <c>VRRP_TRACE_TAKEOVER</c>, or EventPipe); disabled, each call is one field test and
/// allocates nothing. Vrrp.Linux has its companion, <c>Vrrp-Linux-Takeover</c>.
/// </summary>
[EventSource(Name = "Vrrp-Takeover")]
internal sealed class TakeoverEventSource : EventSource
{
    public static readonly TakeoverEventSource Log = new();

    private TakeoverEventSource()
    {
    }

    /// <summary>The ITimer callback ran (<paramref name="lateMicroseconds"/> after the deadline it was set for; negative: early).</summary>
    [Event(1, Level = EventLevel.Informational)]
    public void TimerCallback(long lateMicroseconds)
    {
        if (IsEnabled())
        {
            WriteEvent(1, lateMicroseconds);
        }
    }

    /// <summary>The loop steps the machine for a timer (<paramref name="timer"/>: the VrrpTimerKind), <paramref name="lateMicroseconds"/> after the machine's deadline.</summary>
    [Event(2, Level = EventLevel.Informational)]
    public void TimerStep(int timer, long lateMicroseconds)
    {
        if (IsEnabled())
        {
            WriteEvent(2, timer, lateMicroseconds);
        }
    }

    /// <summary>The machine stepped and returned <paramref name="effects"/> effects.</summary>
    [Event(3, Level = EventLevel.Informational)]
    public void Stepped(int effects)
    {
        if (IsEnabled())
        {
            WriteEvent(3, effects);
        }
    }

    /// <summary>An effect starts (<paramref name="kind"/>: the VrrpEffectKind).</summary>
    [Event(4, Level = EventLevel.Informational)]
    public void EffectStart(int kind)
    {
        if (IsEnabled())
        {
            WriteEvent(4, kind);
        }
    }

    /// <summary>An effect finished synchronously (<paramref name="kind"/>: the VrrpEffectKind; <paramref name="pending"/> 1 when it went asynchronous).</summary>
    [Event(5, Level = EventLevel.Informational)]
    public void EffectEnd(int kind, int pending)
    {
        if (IsEnabled())
        {
            WriteEvent(5, kind, pending);
        }
    }

    /// <summary>An advertisement with <paramref name="priority"/> was encoded for one destination.</summary>
    [Event(6, Level = EventLevel.Informational)]
    public void AdvertEncoded(int priority)
    {
        if (IsEnabled())
        {
            WriteEvent(6, priority);
        }
    }

    /// <summary>The transport's send returned (<paramref name="pending"/> 1 when it went asynchronous).</summary>
    [Event(7, Level = EventLevel.Informational)]
    public void AdvertSent(int priority, int pending)
    {
        if (IsEnabled())
        {
            WriteEvent(7, priority, pending);
        }
    }

    /// <summary>The instance's stop began (SIGTERM, a reload's removal, the host stopping): the Shutdown input is queued next.</summary>
    [Event(8, Level = EventLevel.Informational)]
    public void StopRequested()
    {
        if (IsEnabled())
        {
            WriteEvent(8);
        }
    }
}
