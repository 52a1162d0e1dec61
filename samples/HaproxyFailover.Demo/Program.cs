namespace HaproxyFailover.Demo;

/// <summary>
/// <c>backend NAME PORT</c>: a tiny HTTP server that answers its name. <c>client URL RATE OUT STOPFILE</c>: GETs URL
/// RATE times a second, one connection each, and writes one CSV line per request. <c>report RUNDIR SVG [--check]</c>:
/// the timeline per fault, the chart, and with <c>--check</c> a non-zero exit when a bound is broken. <c>compare RUNDIR
/// RUNDIR</c>: two runs of the same faults side by side.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        switch (args)
        {
            case ["backend", string name, string port]:
                await Backend.RunAsync(name, int.Parse(port, System.Globalization.CultureInfo.InvariantCulture)).ConfigureAwait(false);
                return 0;
            case ["client", string url, string rate, string output, string stopFile]:
                await Client.RunAsync(new Uri(url), int.Parse(rate, System.Globalization.CultureInfo.InvariantCulture), output, stopFile).ConfigureAwait(false);
                return 0;
            case ["report", string runDirectory, string svg, .. string[] rest]:
                return Report.Run(runDirectory, svg, check: rest.Contains("--check"));
            case ["compare", string first, string second]:
                return Compare.Run(first, second);
            default:
                await Console.Error.WriteLineAsync("usage: backend NAME PORT | client URL RATE OUT.csv STOPFILE | report RUNDIR OUT.svg [--check] | compare RUNDIR RUNDIR").ConfigureAwait(false);
                return 2;
        }
    }
}
