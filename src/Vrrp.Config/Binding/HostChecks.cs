using Vrrp.Config.Diagnostics;
using Vrrp.Config.Options;
using Vrrp.Config.Syntax;

namespace Vrrp.Config.Binding;

/// <summary>The checks keepalived makes against the machine: interfaces that exist, script programs and users.</summary>
internal static class HostChecks
{
    private const string DefaultScriptUser = "keepalived_script";

    public static void Run(VrrpOptions options, KeepalivedHostEnvironment host, IReadOnlyDictionary<string, SourceSpan> sourceMap, DiagnosticBag diagnostics)
    {
        foreach ((string name, VrrpInstanceOptions instance) in options.Instances)
        {
            string path = "Instances:" + name;
            Interface(instance.Interface, path + ":Interface", $"vrrp_instance {name}");
            if (!string.IsNullOrEmpty(instance.Interface) && host.InterfaceExists(instance.Interface) && host.IsLoopbackInterface(instance.Interface))
            {
                diagnostics.Warning(Locate(path + ":Interface"), ConfigDiagnosticCodes.InterfaceNotFound, $"vrrp_instance {name} cannot use the loopback interface {instance.Interface}; keepalived ignores it and the instance has no interface");
            }

            for (int i = 0; i < instance.VirtualIpAddresses.Count; i++)
            {
                Interface(instance.VirtualIpAddresses[i].Device, Item(path + ":VirtualIpAddresses", i), $"address {instance.VirtualIpAddresses[i].Address}");
            }

            for (int i = 0; i < instance.TrackInterfaces.Count; i++)
            {
                Interface(instance.TrackInterfaces[i].Interface, Item(path + ":TrackInterfaces", i), $"track_interface of vrrp_instance {name}");
            }
        }

        GlobalDefinitionsOptions global = options.GlobalDefinitions;
        bool anyScript = options.Scripts.Count > 0;
        foreach ((string name, VrrpScriptOptions script) in options.Scripts)
        {
            Program(script.Script, "Scripts:" + name + ":Script", $"vrrp_script {name}", script.User);
            if (script.User is { } user && !host.UserExists(user))
            {
                diagnostics.Warning(Locate("Scripts:" + name + ":User"), ConfigDiagnosticCodes.UserNotFound, $"user `{user}` of vrrp_script {name} does not exist; keepalived drops the script");
            }
        }

        foreach ((string name, VrrpInstanceOptions instance) in options.Instances)
        {
            anyScript |= Notifies(instance, "Instances:" + name, name);
            string commands = "Instances:" + name + ":VipCommands:";
            anyScript |= Notify(instance.VipCommands?.Take, commands + "Take", name);
            anyScript |= Notify(instance.VipCommands?.Release, commands + "Release", name);
            anyScript |= Notify(instance.VipCommands?.Confirm, commands + "Confirm", name);
        }

        foreach ((string name, VrrpSyncGroupOptions group) in options.SyncGroups)
        {
            anyScript |= Notifies(group, "SyncGroups:" + name, name);
        }

        if (!anyScript)
        {
            return;
        }

        if (global.ScriptUser is { } scriptUser)
        {
            if (!host.UserExists(scriptUser))
            {
                diagnostics.Warning(Locate("GlobalDefinitions:ScriptUser"), ConfigDiagnosticCodes.UserNotFound, $"script_user `{scriptUser}` does not exist");
            }
        }
        else if (global.EnableScriptSecurity && !host.UserExists(DefaultScriptUser))
        {
            diagnostics.Warning(
                Locate("GlobalDefinitions:EnableScriptSecurity"),
                ConfigDiagnosticCodes.UserNotFound,
                $"scripts run as the default user `{DefaultScriptUser}`, which does not exist here; keepalived drops every script",
                "add `script_user USER` to global_defs");
        }

        bool Notify(string? command, string path, string owner)
        {
            if (command is null)
            {
                return false;
            }

            Program(command, path, owner, null);
            return true;
        }

        void Interface(string? name, string path, string owner)
        {
            if (!string.IsNullOrEmpty(name) && !host.InterfaceExists(name))
            {
                diagnostics.Warning(Locate(path), ConfigDiagnosticCodes.InterfaceNotFound, $"interface `{name}` ({owner}) does not exist on this host");
            }
        }

        void Program(string command, string path, string owner, string? user)
        {
            List<string> words = KeepalivedCommandLine.Split(command, out _);
            if (words.Count == 0)
            {
                return;
            }

            string program = words[0];
            switch (host.CheckProgram(program))
            {
                case ScriptProgramStatus.NotFound:
                    diagnostics.Warning(Locate(path), ConfigDiagnosticCodes.ScriptNotFound, $"program `{program}` ({owner}) is not found{(program.Contains('/', System.StringComparison.Ordinal) ? string.Empty : " in PATH")}; keepalived disables the script", "give the full path of an existing program");
                    break;
                case ScriptProgramStatus.NotExecutable:
                    diagnostics.Warning(Locate(path), ConfigDiagnosticCodes.ScriptNotExecutable, $"program `{program}` ({owner}) is not executable, so every run of it fails", "chmod +x it");
                    break;
                case ScriptProgramStatus.Insecure when global.EnableScriptSecurity:
                    diagnostics.Warning(Locate(path), ConfigDiagnosticCodes.ScriptInsecure, $"program `{program}` ({owner}) can be changed by users other than root; with enable_script_security keepalived disables it", "make it and its directories writable by root only");
                    break;
                case ScriptProgramStatus.Insecure when RunsAsRoot(user):
                    diagnostics.Warning(Locate(path), ConfigDiagnosticCodes.ScriptInsecure, $"program `{program}` ({owner}) can be changed by users other than root and runs as root without enable_script_security (keepalived: \"There are insecure scripts\")", "add `enable_script_security` to global_defs, or make the program and its directories writable by root only");
                    break;
            }
        }

        bool Notifies(VrrpTrackingOptions block, string path, string name)
        {
            bool any = Notify(block.NotifyMaster, path + ":NotifyMaster", name);
            any |= Notify(block.NotifyBackup, path + ":NotifyBackup", name);
            any |= Notify(block.NotifyFault, path + ":NotifyFault", name);
            any |= Notify(block.NotifyStop, path + ":NotifyStop", name);
            return Notify(block.Notify, path + ":Notify", name) | any;
        }

        // keepalived runs scripts as their user, else script_user, else keepalived_script when it exists, else root.
        bool RunsAsRoot(string? user) => (user ?? global.ScriptUser ?? (host.UserExists(DefaultScriptUser) ? DefaultScriptUser : "root")) == "root";

        SourceSpan? Locate(string path) => KeepalivedConfigReader.Locate(sourceMap, path);
    }

    private static string Item(string path, int index) => path + ":" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
