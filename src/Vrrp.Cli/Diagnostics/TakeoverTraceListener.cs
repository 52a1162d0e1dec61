using System.Diagnostics.Tracing;
using System.Globalization;

namespace Vrrp.Cli.Diagnostics;

/// <summary>
/// Opt-in diagnostic (VRRP_TRACE_TAKEOVER=1 for stderr at exit, or =PATH for a file): records every event of the
/// <c>Vrrp-Takeover</c> and <c>Vrrp-Linux-Takeover</c> sources (timer fired, machine stepped, effects, advert sent,
/// rtnetlink requests, gratuitous ARP sent, link events) with its wall-clock time and OS thread into memory, and writes
/// them when the process ends, so they line up with a capture's timestamps (benchmarks/takeover.sh). Recording costs
/// a few microseconds per event; writing happens only at exit. Keeps the last <see cref="Capacity"/> events.
/// </summary>
internal sealed class TakeoverTraceListener : EventListener
{
    private const string VariableName = "VRRP_TRACE_TAKEOVER";
    private const int Capacity = 1 << 16;

    // The runtime's GC (suspensions stop every managed thread) and tiered-compilation (background tier-1 batches)
    // events: what can hold a takeover's thread without a JIT event on it.
    private const EventKeywords GcAndTiering = (EventKeywords)0x1 | (EventKeywords)0x10_0000_0000;
    private readonly TextWriter _output;
    private readonly Entry[] _entries = new Entry[Capacity];
    private readonly Lock _gate = new();
    private long _count;

    private TakeoverTraceListener(TextWriter output) => _output = output;

    /// <summary>Starts the listener when the variable is set; null otherwise.</summary>
    public static TakeoverTraceListener? StartFromEnvironment()
    {
        string? value = Environment.GetEnvironmentVariable(VariableName);
        if (string.IsNullOrEmpty(value) || value == "0")
        {
            return null;
        }

        TextWriter output = value == "1" ? Console.Error : new StreamWriter(value, append: true);
        return new TakeoverTraceListener(output);
    }

    public override void Dispose()
    {
        base.Dispose();
        lock (_gate)
        {
            long first = Math.Max(0, _count - Capacity);
            for (long i = first; i < _count; i++)
            {
                Entry entry = _entries[i % Capacity];
                _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{entry.Time:HH:mm:ss.ffffff} tid={entry.Thread} {entry.Name} {entry.First} {entry.Second}"));
            }

            _count = 0;
            _output.Flush();
        }

        if (!ReferenceEquals(_output, Console.Error))
        {
            _output.Dispose();
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name is "Vrrp-Takeover" or "Vrrp-Linux-Takeover")
        {
            EnableEvents(eventSource, EventLevel.Informational);
        }
        else if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Informational, GcAndTiering);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        var entry = new Entry(
            eventData.TimeStamp.ToUniversalTime(),
            eventData.OSThreadId,
            eventData.EventName,
            Number(eventData, 0),
            Number(eventData, 1));
        lock (_gate)
        {
            _entries[_count % Capacity] = entry;
            _count++;
        }
    }

    private static long Number(EventWrittenEventArgs eventData, int index) =>
        eventData.Payload is { } payload && payload.Count > index && payload[index] is IConvertible value and not string
            ? Convert.ToInt64(value, CultureInfo.InvariantCulture)
            : 0;

    private readonly record struct Entry(DateTime Time, long Thread, string? Name, long First, long Second);
}
