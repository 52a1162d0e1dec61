using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;

namespace Vrrp.Cli.Tests.EndToEnd.Netns;

/// <summary>A <c>vrrp run -f FILE</c> process in a namespace (nsenter execs, so the pid is vrrp's), every output line kept with its arrival time.</summary>
internal sealed class VrrpDaemon : IDisposable
{
    private static readonly Stopwatch s_clock = Stopwatch.StartNew();
    private readonly Process _process;
    private readonly List<(TimeSpan At, string Line)> _lines = [];

    private VrrpDaemon(string name, Process process)
    {
        Name = name;
        _process = process;
        _process.OutputDataReceived += (_, e) => Add(e.Data);
        _process.ErrorDataReceived += (_, e) => Add(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static TimeSpan Now => s_clock.Elapsed;

    public string Name { get; }

    public string Output
    {
        get
        {
            lock (_lines)
            {
                return string.Join('\n', _lines.Select(l => string.Create(CultureInfo.InvariantCulture, $"[{l.At.TotalSeconds:F3}] {l.Line}")));
            }
        }
    }

    public static VrrpDaemon Start(string netns, string configPath)
    {
        var info = new ProcessStartInfo("nsenter") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // VRRP_BINARY runs another build of vrrp, for example the Native AOT one, instead of "dotnet vrrp.dll".
        string[] command = Environment.GetEnvironmentVariable("VRRP_BINARY") is { Length: > 0 } binary
            ? [binary]
            : ["dotnet", Path.Combine(AppContext.BaseDirectory, "vrrp.dll")];
        foreach (string argument in (string[])[$"--net=/run/netns/{netns}", .. command, "run", "-f", configPath, "--status-file", "none"])
        {
            info.ArgumentList.Add(argument);
        }

        return new VrrpDaemon(netns, Process.Start(info) ?? throw new InvalidOperationException("cannot start vrrp"));
    }

    /// <summary>Waits for a line entering <paramref name="state"/> and returns when it arrived.</summary>
    public TimeSpan WaitForState(string state, TimeSpan timeout, TimeSpan? after = null) =>
        WaitForLine(line => line.Contains($" -> {state} ", StringComparison.Ordinal), timeout, after);

    public TimeSpan WaitForLine(Func<string, bool> predicate, TimeSpan timeout, TimeSpan? after = null)
    {
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (true)
        {
            lock (_lines)
            {
                foreach ((TimeSpan at, string line) in _lines)
                {
                    if (at >= (after ?? TimeSpan.Zero) && predicate(line))
                    {
                        return at;
                    }
                }
            }

            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"vrrp in {Name} did not print the expected line within {timeout.TotalSeconds} s:\n{Output}");
            }

            Thread.Sleep(5);
        }
    }

    /// <summary>SIGTERM, then waits for the exit code.</summary>
    public int Terminate(TimeSpan timeout)
    {
        Tool.Run("kill", "-TERM", _process.Id.ToString(CultureInfo.InvariantCulture));
        if (!_process.WaitForExit(timeout))
        {
            throw new TimeoutException($"vrrp in {Name} did not exit within {timeout.TotalSeconds} s:\n{Output}");
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is not null)
        {
            lock (_lines)
            {
                _lines.Add((Now, line));
            }
        }
    }
}
