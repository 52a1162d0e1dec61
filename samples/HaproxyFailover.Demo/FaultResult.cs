namespace HaproxyFailover.Demo;

/// <summary>What the client saw from one fault's injection to the next: requests, failures, the longest run of failures, the nodes that answered.</summary>
internal sealed record FaultResult(FaultMark Fault, int Requests, int Failed, long LongestOutageMs, string ServedBy)
{
    public static FaultResult Measure(FaultMark fault, List<RequestRecord> window, long periodMs)
    {
        long longest = 0;
        long? runStart = null;
        long runEnd = 0;
        foreach (RequestRecord request in window)
        {
            if (!request.Ok)
            {
                runStart ??= request.StartMs;
                runEnd = request.StartMs + periodMs;
                longest = Math.Max(longest, runEnd - runStart.Value);
            }
            else
            {
                runStart = null;
            }
        }

        var served = new List<string>();
        foreach (RequestRecord request in window.Where(r => r.Ok))
        {
            if (served.Count == 0 || served[^1] != request.ServedBy)
            {
                served.Add(request.ServedBy);
            }
        }

        return new FaultResult(fault, window.Count, window.Count(r => !r.Ok), longest, served.Count == 0 ? "nobody" : string.Join(" → ", served));
    }
}
