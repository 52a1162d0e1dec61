using System;
using System.Diagnostics;
using System.Threading.Tasks;

namespace Vrrp.Cli.Tests.EndToEnd.Netns;

/// <summary>Runs a tool (ip, nsenter) with a bound on its run time; a minimal copy of Vrrp.Linux.Tests' Command.</summary>
internal static class Tool
{
    public static string Run(string fileName, params string[] arguments)
    {
        (int exitCode, string output, string error) = TryRun(fileName, arguments);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"'{fileName} {string.Join(' ', arguments)}' exited {exitCode}: {error.Trim()} {output.Trim()}");
        }

        return output;
    }

    public static (int ExitCode, string Output, string Error) TryRun(string fileName, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {fileName}");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(20)))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return (-1, output.Result, "timed out; " + error.Result);
        }

        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }
}
