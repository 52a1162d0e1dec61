using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Vrrp.Cli.ConfigCheck;
using Vrrp.Config;
using Vrrp.Config.Diagnostics;

namespace Vrrp.Cli.Commands;

/// <summary>
/// <c>vrrp check-config -f FILE [--json] [--config-id ID]</c>: checks a keepalived.conf as <c>keepalived -t -f FILE</c>
/// does. Exit 0 when nothing is reported; every problem on its own line as <c>file:line:col: error|warning: message</c>.
/// </summary>
internal static class CheckConfigCommand
{
    /// <summary>Errors were reported (Debian's keepalived 2.2.7 <c>-t</c> exits 4 or 5 here as well).</summary>
    public const int ErrorsFound = 4;

    /// <summary>Only warnings were reported: keepalived would run, with parts ignored or corrected.</summary>
    public const int WarningsFound = 5;

    public const string DefaultFile = "/etc/keepalived/keepalived.conf";

    public static Command Create()
    {
        var file = new Option<FileInfo>("--file", "-f")
        {
            Description = "The keepalived configuration file.",
            DefaultValueFactory = _ => new FileInfo(DefaultFile),
        };
        var json = new Option<bool>("--json") { Description = "Print the effective options as JSON (the shape of an appsettings.json \"Vrrp\" section)." };
        var configId = new Option<string?>("--config-id", "-i") { Description = "The config id matched by @id lines (default: the short host name, as keepalived -i)." };
        var command = new Command("check-config", "Check a keepalived.conf as `keepalived -t` does: exit 0 when nothing is reported.") { file, json, configId };
        command.SetAction(parseResult => Run(
            parseResult.GetRequiredValue(file).ToString(),
            parseResult.GetValue(json),
            parseResult.GetValue(configId),
            Console.Out,
            Console.Error));
        return command;
    }

    public static int Run(string path, bool json, string? configId, TextWriter output, TextWriter error, KeepalivedHostEnvironment? host = null) =>
        Check(path, json, configId, output, error, host) switch
        {
            { Unreadable: true } => ExitCodes.BadInput,
            { Errors: > 0 } => ErrorsFound,
            { Warnings: > 0 } => WarningsFound,
            _ => ExitCodes.Success,
        };

    /// <summary>
    /// Checks <paramref name="path"/>, prints every problem and a count to <paramref name="error"/> (and the options as
    /// JSON to <paramref name="output"/> with <paramref name="json"/>), and says what was found: shared by
    /// <c>vrrp check-config</c> and keepalived's <c>vrrp -t</c>.
    /// </summary>
    public static ConfigCheckOutcome Check(string path, bool json, string? configId, TextWriter output, TextWriter error, KeepalivedHostEnvironment? host = null)
    {
        var options = new KeepalivedConfigReaderOptions
        {
            ConfigId = configId,
            Host = host ?? new SystemHostEnvironment(),
        };
        KeepalivedConfigResult result = KeepalivedConfigReader.Read(path, options);

        int errors = 0;
        int warnings = 0;
        bool scriptSecurity = false;
        foreach (ConfigDiagnostic diagnostic in result.Diagnostics)
        {
            error.WriteLine(diagnostic.ToString());
            if (diagnostic.Severity == ConfigDiagnosticSeverity.Error)
            {
                errors++;
            }
            else if (diagnostic.Severity == ConfigDiagnosticSeverity.Warning)
            {
                warnings++;
            }

            scriptSecurity |= diagnostic.Code == ConfigDiagnosticCodes.ScriptSecurityDisabled;
            if (diagnostic.Code is ConfigDiagnosticCodes.FileNotFound or ConfigDiagnosticCodes.FileUnreadable && result.Files.Count == 0)
            {
                return new ConfigCheckOutcome(Unreadable: true, errors, warnings, scriptSecurity);
            }
        }

        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(result.Options, VrrpOptionsJsonContext.Default.VrrpOptions));
        }

        if (errors + warnings > 0)
        {
            error.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{path}: {errors} error{(errors == 1 ? string.Empty : "s")}, {warnings} warning{(warnings == 1 ? string.Empty : "s")}"));
        }

        return new ConfigCheckOutcome(Unreadable: false, errors, warnings, scriptSecurity);
    }
}
