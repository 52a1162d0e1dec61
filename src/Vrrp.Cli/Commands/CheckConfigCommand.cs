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

    public static int Run(string path, bool json, string? configId, TextWriter output, TextWriter error, KeepalivedHostEnvironment? host = null)
    {
        var options = new KeepalivedConfigReaderOptions
        {
            ConfigId = configId,
            Host = host ?? new SystemHostEnvironment(),
        };
        KeepalivedConfigResult result = KeepalivedConfigReader.Read(path, options);

        int errors = 0;
        int warnings = 0;
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

            if (diagnostic.Code is ConfigDiagnosticCodes.FileNotFound or ConfigDiagnosticCodes.FileUnreadable && result.Files.Count == 0)
            {
                return ExitCodes.BadInput;
            }
        }

        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(result.Options, VrrpOptionsJsonContext.Default.VrrpOptions));
        }

        if (errors + warnings == 0)
        {
            return ExitCodes.Success;
        }

        error.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{path}: {errors} error{(errors == 1 ? string.Empty : "s")}, {warnings} warning{(warnings == 1 ? string.Empty : "s")}"));
        return errors > 0 ? ErrorsFound : WarningsFound;
    }
}
