using Vrrp.Cli.Commands;

namespace Vrrp.Cli.Keepalived;

/// <summary>
/// What keepalived's options ask of a run or a config test, once parsed: the file, the config id, the pid files
/// (keepalived's defaults unless given), the log detail, and a note for each option vrrp accepts but does differently.
/// A later value replaces an earlier one, as in keepalived.
/// </summary>
internal sealed class KeepalivedRunSettings
{
    /// <summary>keepalived's pid file of its parent process (<c>-p</c>).</summary>
    public const string DefaultPidFile = "/run/keepalived.pid";

    /// <summary>keepalived's pid file of its VRRP child (<c>-r</c>).</summary>
    public const string DefaultVrrpPidFile = "/run/keepalived_vrrp.pid";

    private static readonly string[] s_facilityNames = ["user", "daemon", .. Enumerable.Range(0, 8).Select(n => $"local{n}")];

    /// <summary>Gets the configuration file (<c>-f</c>, default /etc/keepalived/keepalived.conf).</summary>
    public string ConfigFile { get; private set; } = CheckConfigCommand.DefaultFile;

    /// <summary>Gets the config id (<c>-i</c>), or null for the short host name.</summary>
    public string? ConfigId { get; private set; }

    /// <summary>Gets the pid file of keepalived's parent process (<c>-p</c>).</summary>
    public string PidFile { get; private set; } = DefaultPidFile;

    /// <summary>Gets the pid file of keepalived's VRRP child (<c>-r</c>): vrrp writes its one pid to both.</summary>
    public string VrrpPidFile { get; private set; } = DefaultVrrpPidFile;

    /// <summary>Gets how many times <c>-D</c> was given (1: debug, 2 or more: trace).</summary>
    public int LogDetail { get; private set; }

    /// <summary>Gets whether <c>-t</c> asked for a config test instead of a run.</summary>
    public bool ConfigTest { get; private set; }

    /// <summary>Gets the file <c>-tFILE</c> appends the config test's messages to, or null for stderr.</summary>
    public string? ConfigTestLog { get; private set; }

    /// <summary>Gets one line per option accepted with a note, saying what vrrp does instead.</summary>
    public List<string> Notes { get; } = [];

    public static KeepalivedRunSettings From(IEnumerable<KeepalivedOptionUse> uses)
    {
        var settings = new KeepalivedRunSettings();
        var noted = new HashSet<KeepalivedOption>();
        foreach (KeepalivedOptionUse use in uses)
        {
            KeepalivedOption option = use.Option;
            if (option == KeepalivedOptionTable.UseFile)
            {
                settings.ConfigFile = use.Value!;
            }
            else if (option == KeepalivedOptionTable.ConfigId)
            {
                settings.ConfigId = use.Value;
            }
            else if (option == KeepalivedOptionTable.Pid)
            {
                settings.PidFile = use.Value!;
            }
            else if (option == KeepalivedOptionTable.VrrpPid)
            {
                settings.VrrpPidFile = use.Value!;
            }
            else if (option == KeepalivedOptionTable.LogDetail)
            {
                settings.LogDetail++;
            }
            else if (option == KeepalivedOptionTable.ConfigTest)
            {
                settings.ConfigTest = true;
                settings.ConfigTestLog = use.Value is { Length: > 0 } log ? log : settings.ConfigTestLog;
            }
            else if (option.Handling == KeepalivedOptionHandling.Noted && noted.Add(option))
            {
                settings.Notes.Add(Note(use));
            }
        }

        return settings;
    }

    /// <summary>Returns the <c>vrrp run</c> argv these settings describe.</summary>
    public string[] ToRunArguments()
    {
        var arguments = new List<string> { "run", "-f", ConfigFile, "--pid-file", PidFile, "--pid-file", VrrpPidFile };
        if (ConfigId is not null)
        {
            arguments.AddRange(["--config-id", ConfigId]);
        }

        if (LogDetail > 0)
        {
            arguments.AddRange(["--log-level", LogDetail == 1 ? "debug" : "trace"]);
        }

        return [.. arguments];
    }

    /// <summary>Tells whether keepalived takes a <c>-S</c> value: 0 to 7, local0 to local7, user or daemon.</summary>
    public static bool IsLogFacility(string value) =>
        value is [>= '0' and <= '7'] || s_facilityNames.Contains(value, StringComparer.Ordinal);

    private static string Note(KeepalivedOptionUse use)
    {
        string given = use.Value is null ? use.Spelling : $"{use.Spelling} {use.Value}";
        return use.Option == KeepalivedOptionTable.LogFacility && !IsLogFacility(use.Value!)
            ? $"{given}: invalid log facility (keepalived reports it too and carries on); {use.Option.Description}"
            : $"{given}: {use.Option.Description}";
    }
}
