using System.Diagnostics;
using System.Globalization;

namespace HaproxyFailover.Supervision;

/// <summary>Runs <c>haproxy -c -f CFG</c> (with a 10 s limit) and keeps its first alert line.</summary>
internal sealed class HaproxyConfigCheck(HaproxyOptions options) : IHaproxyConfigCheck
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(10);

    public string? Stamp()
    {
        var file = new FileInfo(options.ConfigFile);
        return file.Exists ? string.Create(CultureInfo.InvariantCulture, $"{file.LastWriteTimeUtc.Ticks}/{file.Length}") : null;
    }

    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(options.Executable)
        {
            ArgumentList = { "-c", "-f", options.ConfigFile },
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"{options.Executable} did not start");
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(s_limit);
        Task<string> output = process.StandardOutput.ReadToEndAsync(limit.Token);
        Task<string> errors = process.StandardError.ReadToEndAsync(limit.Token);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            return $"haproxy -c did not finish within {s_limit.TotalSeconds:0} s";
        }

        if (process.ExitCode == 0)
        {
            return null;
        }

        string said = (await errors.ConfigureAwait(false)) + (await output.ConfigureAwait(false));
        string first = said.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Contains("ALERT", StringComparison.Ordinal)) ?? said.Trim();
        return $"haproxy -c exited {process.ExitCode}: {first}";
    }
}
