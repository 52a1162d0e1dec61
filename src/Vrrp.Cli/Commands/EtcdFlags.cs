using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Vrrp.Etcd.Hosting;

namespace Vrrp.Cli.Commands;

/// <summary>
/// The etcd flags of <c>vrrp run</c> (named as etcdctl's: <c>--etcd</c> for its <c>--endpoints</c>, then
/// <c>--etcd-cacert</c>, <c>--etcd-cert</c>, <c>--etcd-key</c>, <c>--etcd-user</c>, <c>--etcd-password-file</c>) and the
/// same settings from an appsettings <c>"Vrrp:Etcd"</c> section: the section is read first, flags override it. Errors
/// are positioned at the flag, or at the appsettings key the value came from.
/// </summary>
internal sealed class EtcdFlags
{
    private static readonly VrrpEtcdOptions s_defaults = new();

    public Option<string[]> Endpoints { get; } = new("--etcd") { Description = "Elect the master through etcd instead of VRRP: the etcd endpoints, comma-separated or repeated (http://HOST:2379 or https://...).", Arity = ArgumentArity.OneOrMore };

    public Option<string?> CaCertFile { get; } = new("--etcd-cacert") { Description = "The CA bundle (PEM) that verifies the etcd servers (https:// endpoints)." };

    public Option<string?> CertFile { get; } = new("--etcd-cert") { Description = "The client certificate (PEM) for etcd, with --etcd-key." };

    public Option<string?> KeyFile { get; } = new("--etcd-key") { Description = "The client certificate's private key (PEM)." };

    public Option<string?> User { get; } = new("--etcd-user") { Description = "The etcd user, with --etcd-password-file." };

    public Option<string?> PasswordFile { get; } = new("--etcd-password-file") { Description = "A file whose first line is the etcd user's password." };

    public Option<int?> LeaseTtl { get; } = new("--etcd-lease-ttl") { Description = $"The etcd lease TTL in whole seconds, at least 2 (default {s_defaults.LeaseTtl.TotalSeconds}): a leader cut off from etcd gives up within it." };

    public Option<string?> Prefix { get; } = new("--etcd-prefix") { Description = $"The key prefix of the elections; an instance campaigns under PREFIX/NAME (default {s_defaults.ElectionPrefix})." };

    public Option<string?> Mode { get; } = new("--etcd-mode") { Description = "alone (etcd elects the master; default) or witness (VRRP on the LAN, etcd decides a partition)." };

    public Option<string?> WhenUnreachable { get; } = new("--etcd-when-unreachable") { Description = "witness mode, while etcd is unreachable: keep-master (default) or plain-vrrp." };

    public Option[] All => [Endpoints, CaCertFile, CertFile, KeyFile, User, PasswordFile, LeaseTtl, Prefix, Mode, WhenUnreachable];

    /// <summary>
    /// Reads the etcd settings: the appsettings section, then the flags. Null when neither names an endpoint nor sets
    /// anything else (VRRP alone). <paramref name="problems"/> gets every error, each positioned at its flag or key.
    /// </summary>
    public VrrpEtcdOptions? Read(ParseResult flags, IConfigurationSection? appsettings, List<string> problems)
    {
        var options = new VrrpEtcdOptions();
        var origin = new Dictionary<string, string>(StringComparer.Ordinal);
        bool any = appsettings is not null && appsettings.Exists() && ReadSection(appsettings, options, origin, problems);
        foreach (Option option in All)
        {
            any |= flags.GetResult(option) is { Implicit: false };
        }

        if (!any)
        {
            return null;
        }

        if (flags.GetValue(Endpoints) is { Length: > 0 } endpoints)
        {
            options.Endpoints.Clear();
            foreach (string endpoint in endpoints.SelectMany(e => e.Split(',', StringSplitOptions.TrimEntries)))
            {
                options.Endpoints.Add(endpoint);
            }

            origin[nameof(VrrpEtcdOptions.Endpoints)] = Endpoints.Name;
        }

        Set(CaCertFile, nameof(VrrpEtcdOptions.CaCertFile), v => options.CaCertFile = v);
        Set(CertFile, nameof(VrrpEtcdOptions.CertFile), v => options.CertFile = v);
        Set(KeyFile, nameof(VrrpEtcdOptions.KeyFile), v => options.KeyFile = v);
        Set(User, nameof(VrrpEtcdOptions.User), v => options.User = v);
        Set(PasswordFile, nameof(VrrpEtcdOptions.PasswordFile), v => options.PasswordFile = v);
        Set(Prefix, nameof(VrrpEtcdOptions.ElectionPrefix), v => options.ElectionPrefix = v);
        if (flags.GetValue(LeaseTtl) is { } seconds)
        {
            options.LeaseTtl = TimeSpan.FromSeconds(seconds);
            origin[nameof(VrrpEtcdOptions.LeaseTtl)] = LeaseTtl.Name;
        }

        if (flags.GetValue(Mode) is { } mode)
        {
            if (TryParseMode(mode, out EtcdMode parsed))
            {
                options.Mode = parsed;
            }
            else
            {
                problems.Add($"{Mode.Name}: error: must be alone or witness, not '{mode}'");
            }
        }

        if (flags.GetValue(WhenUnreachable) is { } unreachable)
        {
            if (TryParseUnreachable(unreachable, out EtcdUnreachableBehavior parsed))
            {
                options.WhenUnreachable = parsed;
            }
            else
            {
                problems.Add($"{WhenUnreachable.Name}: error: must be keep-master or plain-vrrp, not '{unreachable}'");
            }
        }

        foreach (EtcdOptionsProblem problem in options.GetProblems())
        {
            string where = origin.TryGetValue(problem.OptionName, out string? from) ? from
                : problem.OptionName == nameof(VrrpEtcdOptions.Endpoints) ? Endpoints.Name
                : $"{VrrpEtcdOptions.SectionName}:{problem.OptionName}";
            problems.Add($"{where}: error: {problem.Message}");
        }

        return options;

        void Set(Option<string?> option, string name, Action<string> apply)
        {
            if (flags.GetValue(option) is { } value)
            {
                apply(value);
                origin[name] = option.Name;
            }
        }
    }

    internal static bool TryParseMode(string text, out EtcdMode mode) => Enum.TryParse(text, ignoreCase: true, out mode) && Enum.IsDefined(mode) && !char.IsDigit(text[0]);

    internal static bool TryParseUnreachable(string text, out EtcdUnreachableBehavior behavior) =>
        Enum.TryParse(text.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true, out behavior) && Enum.IsDefined(behavior) && !char.IsDigit(text[0]);

    /// <summary>Reads the <c>Vrrp:Etcd</c> section by hand (no reflection binder in the AOT build); whether it sets anything.</summary>
    private static bool ReadSection(IConfigurationSection section, VrrpEtcdOptions options, Dictionary<string, string> origin, List<string> problems)
    {
        bool any = false;
        string Key(string name)
        {
            any = true;
            string path = $"{section.Path}:{name}";
            origin[name] = path;
            return path;
        }

        IConfigurationSection endpoints = section.GetSection(nameof(VrrpEtcdOptions.Endpoints));
        foreach (IConfigurationSection endpoint in endpoints.GetChildren())
        {
            if (endpoint.Value is { } value)
            {
                options.Endpoints.Add(value);
            }
        }

        if (endpoints.Value is { } list)
        {
            foreach (string endpoint in list.Split(',', StringSplitOptions.TrimEntries))
            {
                options.Endpoints.Add(endpoint);
            }
        }

        if (options.Endpoints.Count > 0)
        {
            Key(nameof(VrrpEtcdOptions.Endpoints));
        }

        foreach (IConfigurationSection child in section.GetChildren())
        {
            string? value = child.Value;
            if (value is null || child.Key.Equals(nameof(VrrpEtcdOptions.Endpoints), StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            switch (child.Key.ToUpperInvariant())
            {
                case "CACERTFILE": Key(nameof(VrrpEtcdOptions.CaCertFile)); options.CaCertFile = value; break;
                case "CERTFILE": Key(nameof(VrrpEtcdOptions.CertFile)); options.CertFile = value; break;
                case "KEYFILE": Key(nameof(VrrpEtcdOptions.KeyFile)); options.KeyFile = value; break;
                case "USER": Key(nameof(VrrpEtcdOptions.User)); options.User = value; break;
                case "PASSWORD": Key(nameof(VrrpEtcdOptions.Password)); options.Password = value; break;
                case "PASSWORDFILE": Key(nameof(VrrpEtcdOptions.PasswordFile)); options.PasswordFile = value; break;
                case "ELECTIONPREFIX": Key(nameof(VrrpEtcdOptions.ElectionPrefix)); options.ElectionPrefix = value; break;
                case "CANDIDATEID": Key(nameof(VrrpEtcdOptions.CandidateId)); options.CandidateId = value; break;
                case "LEASETTL": ReadTime(child, Key(nameof(VrrpEtcdOptions.LeaseTtl)), t => options.LeaseTtl = t); break;
                case "KEEPALIVEINTERVAL": ReadTime(child, Key(nameof(VrrpEtcdOptions.KeepAliveInterval)), t => options.KeepAliveInterval = t); break;
                case "SAFETYMARGIN": ReadTime(child, Key(nameof(VrrpEtcdOptions.SafetyMargin)), t => options.SafetyMargin = t); break;
                case "MINIMUMPRIORITY":
                    string priorityKey = Key(nameof(VrrpEtcdOptions.MinimumPriority));
                    if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int priority))
                    {
                        options.MinimumPriority = priority;
                    }
                    else
                    {
                        problems.Add($"{priorityKey}: error: '{value}' is not a priority");
                    }

                    break;
                case "MODE":
                    string modeKey = Key(nameof(VrrpEtcdOptions.Mode));
                    if (TryParseMode(value, out EtcdMode mode))
                    {
                        options.Mode = mode;
                    }
                    else
                    {
                        problems.Add($"{modeKey}: error: must be Alone or Witness, not '{value}'");
                    }

                    break;
                case "WHENUNREACHABLE":
                    string unreachableKey = Key(nameof(VrrpEtcdOptions.WhenUnreachable));
                    if (TryParseUnreachable(value, out EtcdUnreachableBehavior behavior))
                    {
                        options.WhenUnreachable = behavior;
                    }
                    else
                    {
                        problems.Add($"{unreachableKey}: error: must be KeepMaster or PlainVrrp, not '{value}'");
                    }

                    break;
                default:
                    problems.Add($"{child.Path}: error: unknown etcd setting (known: Endpoints, LeaseTtl, KeepAliveInterval, SafetyMargin, ElectionPrefix, CandidateId, MinimumPriority, CaCertFile, CertFile, KeyFile, User, Password, PasswordFile, Mode, WhenUnreachable)");
                    break;
            }
        }

        return any;

        void ReadTime(IConfigurationSection child, string key, Action<TimeSpan> apply)
        {
            // As the configuration binder reads a TimeSpan ("00:00:05"); a bare number would be days there, so it is refused.
            if (child.Value!.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(child.Value, CultureInfo.InvariantCulture, out TimeSpan time))
            {
                apply(time);
            }
            else
            {
                problems.Add($"{key}: error: '{child.Value}' is not a duration (write hh:mm:ss, e.g. 00:00:05)");
            }
        }
    }
}
