using System.Diagnostics.Tracing;
using System.Globalization;

namespace Vrrp.Cli.Diagnostics;

/// <summary>
/// Opt-in diagnostic (VRRP_TRACE_JIT=1 for stderr, or =PATH for a file): writes each method the runtime compiles or
/// loads, and each assembly it loads, with the event's wall-clock time, so a capture's timestamps show which first-time
/// work sits on a takeover (docs/failover.md). The listener itself costs time: use it to find names, not to time.
/// </summary>
internal sealed class JitTraceListener : EventListener
{
    private const string VariableName = "VRRP_TRACE_JIT";
    private const EventKeywords LoaderAndJit = (EventKeywords)0x8 | (EventKeywords)0x10;
    private readonly TextWriter _output;
    private readonly Lock _gate = new();

    private JitTraceListener(TextWriter output) => _output = output;

    /// <summary>Starts the listener when the variable is set; null otherwise.</summary>
    public static JitTraceListener? StartFromEnvironment()
    {
        string? value = Environment.GetEnvironmentVariable(VariableName);
        if (string.IsNullOrEmpty(value) || value == "0")
        {
            return null;
        }

        TextWriter output = value == "1" ? Console.Error : new StreamWriter(value, append: true) { AutoFlush = true };
        return new JitTraceListener(output);
    }

    public override void Dispose()
    {
        base.Dispose();
        if (!ReferenceEquals(_output, Console.Error))
        {
            _output.Dispose();
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, LoaderAndJit);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        string? what = eventData.EventName switch
        {
            "MethodJittingStarted_V1" or "MethodJittingStarted" => $"{Payload(eventData, "MethodNamespace")}::{Payload(eventData, "MethodName")}",
            "MethodLoadVerbose_V1" or "MethodLoadVerbose_V2" or "MethodLoadVerbose" => $"{Payload(eventData, "MethodNamespace")}::{Payload(eventData, "MethodName")} flags={Payload(eventData, "MethodFlags")}",
            "AssemblyLoad_V1" or "ModuleLoad_V2" => Payload(eventData, "FullyQualifiedAssemblyName") ?? Payload(eventData, "ModuleILPath"),
            _ => null,
        };
        if (what is null)
        {
            return;
        }

        string line = string.Create(CultureInfo.InvariantCulture, $"{eventData.TimeStamp.ToUniversalTime():HH:mm:ss.ffffff} tid={eventData.OSThreadId} {eventData.EventName} {what}");
        lock (_gate)
        {
            _output.WriteLine(line);
        }
    }

    private static string? Payload(EventWrittenEventArgs eventData, string name)
    {
        int index = eventData.PayloadNames?.IndexOf(name) ?? -1;
        return index >= 0 ? eventData.Payload?[index]?.ToString() : null;
    }
}
