namespace Vrrp.TestSupport.Netns;

/// <summary>Runs a tool (ip, nsenter, ping) from the test code, with a bound on its run time.</summary>
internal static class Command
{
    public static string Run(string fileName, params string[] arguments) => Run(TimeSpan.FromSeconds(20), fileName, arguments);

    public static string Run(TimeSpan timeout, string fileName, params string[] arguments)
    {
        CommandResult result = TryRun(timeout, fileName, arguments);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{fileName} {string.Join(' ', arguments)}' exited {result.ExitCode}: {result.Error.Trim()} {result.Output.Trim()}");
        }

        return result.Output;
    }

    /// <summary>How every test starts a tool: no shell, its output and error read by the test.</summary>
    public static ProcessStartInfo StartInfo(string fileName, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

    /// <summary>Waits for a daemon the test started to exit and returns its exit code; throws with its output on timeout.</summary>
    public static int WaitForExit(Process process, TimeSpan timeout, string what, Func<string> output)
    {
        if (!process.WaitForExit(timeout))
        {
            throw new TimeoutException($"{what} did not exit within {timeout.TotalSeconds} s:\n{output()}");
        }

        process.WaitForExit();
        return process.ExitCode;
    }

    public static CommandResult TryRun(TimeSpan timeout, string fileName, params string[] arguments)
    {
        using Process process = Process.Start(StartInfo(fileName, arguments)) ?? throw new InvalidOperationException($"cannot start {fileName}");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return new CommandResult(-1, output.Result, $"timed out after {timeout.TotalSeconds} s; {error.Result}");
        }

        process.WaitForExit();
        return new CommandResult(process.ExitCode, output.Result, error.Result);
    }
}

internal readonly record struct CommandResult(int ExitCode, string Output, string Error);
