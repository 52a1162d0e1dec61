
namespace Vrrp.Cli.Tests.KeepalivedInterop;

/// <summary>
/// A real keepalived (VRRP only, foreground, logging to the console) on one host of the LAN, started with nsenter,
/// which execs, so the process is keepalived's parent; its VRRP child's pid is read from the <c>-r</c> pid file.
/// Every file (configuration, pid files) lives in a temporary directory of its own, so several keepalived processes
/// run side by side. Output lines are kept with the time they arrived on <see cref="VrrpNode.Now"/>.
/// </summary>
internal sealed class KeepalivedPeer : DaemonPeer
{
    private static int s_sequence;
    private readonly Process _process;
    private readonly string _directory;

    private KeepalivedPeer(LanHost host, Process process, string directory, TimestampedOutput output)
        : base(host, process, "keepalived", output, "Entering MASTER STATE", "Entering BACKUP STATE")
    {
        _process = process;
        _directory = directory;
        _process.OutputDataReceived += (_, e) => output.Add(e.Data);
        _process.ErrorDataReceived += (_, e) => output.Add(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public override VrrpImplementation Implementation => VrrpImplementation.Keepalived;

    /// <summary>Starts keepalived with the given instances (the global_defs are added here).</summary>
    public static KeepalivedPeer Start(LanHost host, params InstanceSpec[] instances)
    {
        string directory = Path.Combine(Path.GetTempPath(), string.Create(CultureInfo.InvariantCulture, $"vrrp-keepalived-{Environment.ProcessId}-{Interlocked.Increment(ref s_sequence)}"));
        Directory.CreateDirectory(directory);

        // One burst of gratuitous ARPs / NAs on becoming master, as vrrp run is started with --garp-master-delay 0.
        string config = $"global_defs {{\n    router_id {host.Namespace}\n    vrrp_garp_master_delay 0\n}}\n"
            + string.Concat(instances.Select((spec, i) => spec.ToKeepalivedInstance(string.Create(CultureInfo.InvariantCulture, $"VI_{spec.VirtualRouterId}_{i}"))));
        string configPath = Path.Combine(directory, "keepalived.conf");
        File.WriteAllText(configPath, config);

        // -n foreground, -P VRRP only, -l log to the console, -D detailed; every runtime file in our directory.
        ProcessStartInfo info = Command.StartInfo("nsenter",
        [
            $"--net=/run/netns/{host.Namespace}", "keepalived", "-n", "-P", "-l", "-D", "-f", configPath,
            "-p", Path.Combine(directory, "keepalived.pid"), "-r", Path.Combine(directory, "vrrp.pid"),
        ]);

        Process process = Process.Start(info) ?? throw new InvalidOperationException("cannot start keepalived");
        return new KeepalivedPeer(host, process, directory, new TimestampedOutput($"keepalived on {host.Namespace}"));
    }

    /// <summary>
    /// SIGKILL of the VRRP child, then of the parent: killing only the parent is a clean stop (the child gets SIGTERM).
    /// The parent is stopped (SIGSTOP) first: a running parent respawns a killed child at once, and that orphan would
    /// go on advertising as master after the parent is gone (seen in CI: "VRRP child process died: Respawning").
    /// </summary>
    public override void KillHard()
    {
        string parent = _process.Id.ToString(CultureInfo.InvariantCulture);
        Command.TryRun(TimeSpan.FromSeconds(5), "kill", "-STOP", parent);
        if (VrrpChildId() is { } child)
        {
            Command.TryRun(TimeSpan.FromSeconds(5), "kill", "-KILL", child.ToString(CultureInfo.InvariantCulture));
        }

        _process.Kill();
    }

    public override void Dispose()
    {
        if (!_process.HasExited)
        {
            Command.TryRun(TimeSpan.FromSeconds(5), "kill", "-TERM", _process.Id.ToString(CultureInfo.InvariantCulture));
            if (!_process.WaitForExit(5000))
            {
                KillHard();
                _process.WaitForExit(5000);
            }
        }

        // A VRRP child that outlived a SIGKILLed parent must not keep advertising into the next test.
        if (VrrpChildId() is { } child)
        {
            Command.TryRun(TimeSpan.FromSeconds(5), "kill", "-KILL", child.ToString(CultureInfo.InvariantCulture));
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Gets the pid of the running VRRP child, or null.</summary>
    private int? VrrpChildId()
    {
        try
        {
            string text = File.ReadAllText(Path.Combine(_directory, "vrrp.pid")).Trim();
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
                && File.Exists($"/proc/{pid}/cmdline")
                && File.ReadAllText($"/proc/{pid}/cmdline").StartsWith("keepalived", StringComparison.Ordinal))
            {
                return pid;
            }
        }
        catch (IOException)
        {
        }

        return null;
    }

}
