namespace Vrrp.TestSupport.Netns;

/// <summary>
/// A <c>vrrp run</c> process on one host of the LAN (started with nsenter, which execs, so the pid is vrrp's). Every
/// output line is kept with the time it arrived on a clock shared by all nodes, for failover timing.
/// </summary>
internal sealed class VrrpNode : IDisposable
{
    private static readonly Stopwatch s_clock = Stopwatch.StartNew();
    private readonly Process _process;
    private readonly TimestampedOutput _output;

    private VrrpNode(LanHost host, Process process)
    {
        Host = host;
        _process = process;
        _output = new TimestampedOutput($"vrrp on {host.Namespace}");
        _process.OutputDataReceived += (_, e) => _output.Add(e.Data);
        _process.ErrorDataReceived += (_, e) => _output.Add(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static TimeSpan Now => s_clock.Elapsed;

    /// <summary>Polls <paramref name="condition"/> every 20 ms; returns <see cref="Now"/> when it holds, throws past <paramref name="timeout"/>.</summary>
    public static TimeSpan WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        TimeSpan deadline = Now + timeout;
        while (!condition())
        {
            if (Now > deadline)
            {
                throw new TimeoutException("the condition did not hold in time");
            }

            Thread.Sleep(20);
        }

        return Now;
    }

    public LanHost Host { get; }

    public string Output => _output.Text;

    public static VrrpNode Start(LanHost host, params string[] arguments) => Start(host, environment: null, arguments);

    /// <summary>Starts vrrp with extra environment variables (NOTIFY_SOCKET, WATCHDOG_USEC), which nsenter's exec passes on.</summary>
    public static VrrpNode Start(LanHost host, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        // Several nodes run on one machine: none of them may share the default /run/vrrp/status.json or
        // /run/vrrp/vrrp.sock (a second daemon on a live control socket refuses to start).
        string[] statusFile = arguments.Contains("--status-file") ? [] : ["--status-file", "none"];
        string[] controlSocket = arguments.Contains("--control-socket") ? [] : ["--control-socket", "none"];
        return StartCommandLine(host, environment, ["run", .. arguments, .. statusFile, .. controlSocket]);
    }

    /// <summary>Starts vrrp with exactly <paramref name="commandLine"/> (keepalived's form, say): nothing is added.</summary>
    public static VrrpNode StartCommandLine(LanHost host, params string[] commandLine) => StartCommandLine(host, environment: null, commandLine);

    /// <summary>Starts vrrp with exactly <paramref name="commandLine"/> and extra environment variables.</summary>
    public static VrrpNode StartCommandLine(LanHost host, IReadOnlyDictionary<string, string>? environment, params string[] commandLine) =>
        StartCommandLine(host, environment, ignoreHangup: false, commandLine);

    /// <summary>
    /// Starts vrrp with exactly <paramref name="commandLine"/>; with <paramref name="ignoreHangup"/> through
    /// <c>nohup</c>, which execs it with SIGHUP ignored, as a CI runner or a supervisor started under nohup leaves it.
    /// </summary>
    public static VrrpNode StartCommandLine(LanHost host, IReadOnlyDictionary<string, string>? environment, bool ignoreHangup, params string[] commandLine)
    {
        // nohup and nsenter both exec, so the pid stays vrrp's.
        ProcessStartInfo info = ignoreHangup
            ? Command.StartInfo("nohup", ["nsenter", $"--net=/run/netns/{host.Namespace}"])
            : Command.StartInfo("nsenter", [$"--net=/run/netns/{host.Namespace}"]);
        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        // VRRP_BINARY runs another build of vrrp, for example the Native AOT one, instead of "dotnet vrrp.dll".
        if (Environment.GetEnvironmentVariable("VRRP_BINARY") is { Length: > 0 } binary)
        {
            info.ArgumentList.Add(binary);
        }
        else
        {
            info.ArgumentList.Add("dotnet");
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "vrrp.dll"));
        }

        foreach (string argument in commandLine)
        {
            info.ArgumentList.Add(argument);
        }

        return new VrrpNode(host, Process.Start(info) ?? throw new InvalidOperationException("cannot start vrrp"));
    }

    /// <summary>Waits for a line entering <paramref name="state"/> ("Master", "Backup", ...) and returns when it arrived.</summary>
    public TimeSpan WaitForState(string state, TimeSpan timeout, TimeSpan? after = null) =>
        WaitForLine(line => line.Contains($" -> {state} ", StringComparison.Ordinal), timeout, after);

    public TimeSpan WaitForLine(Func<string, bool> predicate, TimeSpan timeout, TimeSpan? after = null) =>
        _output.WaitFor(predicate, timeout, after);

    public bool HasLine(Func<string, bool> predicate) => _output.Count(predicate) > 0;

    /// <summary>Gets the pid of the vrrp process (nsenter execs it), for signals and /proc.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Counts the state changes into <paramref name="state"/> logged at or after <paramref name="after"/>.</summary>
    public int CountTransitions(string state, TimeSpan after) =>
        _output.Count(line => line.Contains($" -> {state} ", StringComparison.Ordinal), after);

    /// <summary>Counts the lines matching <paramref name="predicate"/> logged at or after <paramref name="after"/>.</summary>
    public int CountLines(Func<string, bool> predicate, TimeSpan after) => _output.Count(predicate, after);

    /// <summary>SIGHUP: reload the configuration (what <c>systemctl reload</c> sends). Returns the moment the signal was sent.</summary>
    public TimeSpan Reload() => Signal("-HUP");

    /// <summary>SIGTERM: the clean stop. Returns the moment the signal was sent.</summary>
    public TimeSpan Terminate() => Signal("-TERM");

    /// <summary>SIGKILL: the crash. Returns the moment the process was killed.</summary>
    public TimeSpan KillHard()
    {
        TimeSpan at = Now;
        _process.Kill();
        return at;
    }

    /// <summary>SIGSTOP: the hang (a stuck process or host). Returns the moment the process was stopped.</summary>
    public TimeSpan Stop() => Signal("-STOP");

    /// <summary>SIGCONT after <see cref="Stop"/>. Returns the moment the process was continued.</summary>
    public TimeSpan Continue() => Signal("-CONT");

    private TimeSpan Signal(string signal)
    {
        TimeSpan at = Now;
        Command.Run("kill", signal, _process.Id.ToString(CultureInfo.InvariantCulture));
        return at;
    }

    public int WaitForExit(TimeSpan timeout) => Command.WaitForExit(_process, timeout, $"vrrp on {Host.Namespace}", () => Output);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }
}
