using System.CommandLine;
using Vrrp.Cli.Commands;
using Vrrp.Cli.Diagnostics;
using Vrrp.Cli.Keepalived;

namespace Vrrp.Cli;

internal static class Program
{
    public static int Main(string[] args)
    {
        using JitTraceListener? jitTrace = JitTraceListener.StartFromEnvironment();
        using TakeoverTraceListener? takeoverTrace = TakeoverTraceListener.StartFromEnvironment();
        return KeepalivedCommandLine.Recognizes(args)
            ? KeepalivedCommandLine.Run(args, Console.Out, Console.Error, Invoke)
            : Invoke(args);
    }

    internal static int Invoke(string[] args) => BuildRootCommand().Parse(args).Invoke();

    internal static RootCommand BuildRootCommand() => new("vrrp: VRRP v2/v3 failover with a floating virtual IP, compatible with keepalived. "
        + "Given keepalived's options instead of a command (vrrp --dont-fork -f FILE), it runs as keepalived would: vrrp -P -h lists them.")
    {
        DecodeCommand.Create(),
        RunCommand.Create(),
        CheckConfigCommand.Create(),
        StatusCommand.Create(),
        ReloadCommand.Create(),
        WatchCommand.Create(),
        MaintenanceCommand.Create(),
    };
}
