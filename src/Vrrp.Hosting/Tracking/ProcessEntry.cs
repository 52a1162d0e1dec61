namespace Vrrp.Hosting.Tracking;

/// <summary>One process of the process table, as <c>vrrp_track_process</c> sees it.</summary>
/// <param name="Pid">The process id.</param>
/// <param name="Name">The process name (<c>/proc/PID/comm</c>, at most 15 characters).</param>
/// <param name="CommandLine">The command line words (<c>/proc/PID/cmdline</c>); empty when not read or for kernel threads.</param>
/// <param name="IsZombie">Whether the process has exited and waits to be reaped: it does not count.</param>
internal sealed record ProcessEntry(int Pid, string Name, IReadOnlyList<string> CommandLine, bool IsZombie);
