using System.CommandLine;
using Vrrp.Cli.Commands;

namespace Vrrp.Cli;

internal static class Program
{
    public static int Main(string[] args) => BuildRootCommand().Parse(args).Invoke();

    internal static RootCommand BuildRootCommand() => new("vrrp: VRRP v2/v3 failover with a floating virtual IP, compatible with keepalived.")
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
