using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Vrrp.Cli.ConfigCheck;
using Vrrp.Config;
using Vrrp.Config.Diagnostics;
using Vrrp.Hosting.Configuration.Cluster;

namespace Vrrp.Cli.Commands;

/// <summary>
/// <c>vrrp check-config -f FILE [--json] [--config-id ID]</c>: checks a keepalived.conf as <c>keepalived -t -f FILE</c>
/// does. Exit 0 when nothing is reported; every problem on its own line as <c>file:line:col: error|warning: message</c>.
/// With <c>-f</c> given once per node (<c>-f master.conf -f backup.conf</c>) each file is checked alone and then the
/// nodes together (<see cref="VrrpClusterCheck"/>), with the same output and exit codes.
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
        var file = new Option<FileInfo[]>("--file", "-f")
        {
            Description = "The keepalived configuration file; give it once per node (-f master.conf -f backup.conf) to check the nodes together.",
            DefaultValueFactory = _ => [new FileInfo(DefaultFile)],
        };
        var json = new Option<bool>("--json") { Description = "Print the effective options as JSON (the shape of an appsettings.json \"Vrrp\" section)." };
        var configId = new Option<string?>("--config-id", "-i") { Description = "The config id matched by @id lines (default: the short host name, as keepalived -i)." };
        var command = new Command("check-config", "Check a keepalived.conf as `keepalived -t` does, or several nodes' files together: exit 0 when nothing is reported.") { file, json, configId };
        command.SetAction(parseResult => Run(
            [.. parseResult.GetRequiredValue(file).Select(f => f.ToString())],
            parseResult.GetValue(json),
            parseResult.GetValue(configId),
            Console.Out,
            Console.Error));
        return command;
    }

    public static int Run(string path, bool json, string? configId, TextWriter output, TextWriter error, KeepalivedHostEnvironment? host = null) =>
        Run([path], json, configId, output, error, host);

    /// <summary>Checks each of <paramref name="paths"/> (one node's file each), then, with two or more, the nodes together.</summary>
    public static int Run(IReadOnlyList<string> paths, bool json, string? configId, TextWriter output, TextWriter error, KeepalivedHostEnvironment? host = null)
    {
        if (json && paths.Count > 1)
        {
            error.WriteLine("--json prints one file's options: give -f once with it.");
            return ExitCodes.BadInput;
        }

        var outcomes = new List<ConfigCheckOutcome>(paths.Count);
        var results = new List<KeepalivedConfigResult>(paths.Count);
        foreach (string path in paths)
        {
            outcomes.Add(Check(path, json, configId, output, error, host, out KeepalivedConfigResult result));
            results.Add(result);
        }

        if (outcomes.Exists(o => o.Unreadable))
        {
            return ExitCodes.BadInput;
        }

        int errors = outcomes.Sum(o => o.Errors);
        int warnings = outcomes.Sum(o => o.Warnings);
        if (paths.Count > 1)
        {
            IReadOnlyList<ConfigDiagnostic> findings = VrrpClusterCheck.Check(results);
            foreach (ConfigDiagnostic finding in findings)
            {
                error.WriteLine(finding.ToString());
            }

            int clusterErrors = findings.Count(f => f.Severity == ConfigDiagnosticSeverity.Error);
            int clusterWarnings = findings.Count(f => f.Severity == ConfigDiagnosticSeverity.Warning);
            if (findings.Count > 0)
            {
                error.WriteLine(Counts($"the {paths.Count} nodes together", clusterErrors, clusterWarnings));
            }

            errors += clusterErrors;
            warnings += clusterWarnings;
        }

        return errors > 0 ? ErrorsFound : warnings > 0 ? WarningsFound : ExitCodes.Success;
    }

    /// <summary>
    /// Checks <paramref name="path"/>, prints every problem and a count to <paramref name="error"/> (and the options as
    /// JSON to <paramref name="output"/> with <paramref name="json"/>), and says what was found: shared by
    /// <c>vrrp check-config</c> and keepalived's <c>vrrp -t</c>.
    /// </summary>
    public static ConfigCheckOutcome Check(string path, bool json, string? configId, TextWriter output, TextWriter error, KeepalivedHostEnvironment? host = null) =>
        Check(path, json, configId, output, error, host, out _);

    private static ConfigCheckOutcome Check(string path, bool json, string? configId, TextWriter output, TextWriter error, KeepalivedHostEnvironment? host, out KeepalivedConfigResult result)
    {
        var options = new KeepalivedConfigReaderOptions
        {
            ConfigId = configId,
            Host = host ?? new SystemHostEnvironment(),
        };
        result = KeepalivedConfigReader.Read(path, options);

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
            error.WriteLine(Counts(path, errors, warnings));
        }

        return new ConfigCheckOutcome(Unreadable: false, errors, warnings, scriptSecurity);
    }

    private static string Counts(string what, int errors, int warnings) => string.Create(
        CultureInfo.InvariantCulture,
        $"{what}: {errors} error{(errors == 1 ? string.Empty : "s")}, {warnings} warning{(warnings == 1 ? string.Empty : "s")}");
}
