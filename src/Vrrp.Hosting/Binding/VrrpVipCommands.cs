using System.Globalization;

namespace Vrrp.Hosting.Binding;

/// <summary>
/// Commands that move an instance's virtual addresses where ARP takeover does not (a cloud VPC moves an address
/// through its API), run by the instance's binder instead of, or besides, binding the addresses on the interface.
/// Each command runs without a shell, with <c>ACTION INSTANCE INTERFACE VIP/LEN...</c> appended (ACTION is
/// <c>take</c>, <c>release</c> or <c>confirm</c>) and the environment variables <c>VRRP_ACTION</c>,
/// <c>VRRP_INSTANCE</c>, <c>VRRP_INTERFACE</c>, <c>VRRP_VRID</c>, <c>VRRP_VIPS</c> (space-separated) and
/// <c>VRRP_ATTEMPT</c> (from 1). Exit code 0 is success; anything else, a failure to start or a run past
/// <see cref="Timeout"/> (killed with its children) is retried after <see cref="RetryDelay"/>, doubling up to 60 s,
/// at most <see cref="Retries"/> times. keepalived.conf sets these with <c>vip_take_command</c> and its companions,
/// <c>vrrp run</c> with <c>--vip-take</c> and its companions, code with <c>UseVipCommands</c>.
/// </summary>
public sealed class VrrpVipCommands
{
    /// <summary>The longest backoff between two attempts.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(60);

    /// <summary>The longest <see cref="Timeout"/>.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(1);

    /// <summary>The most <see cref="Retries"/>.</summary>
    public const int MaxRetries = 100;

    /// <summary>Gets or sets the instance the commands belong to (with <c>UseVipCommands</c>).</summary>
    /// <value>The default is an empty string.</value>
    public string InstanceName { get; set; } = string.Empty;

    /// <summary>Gets or sets the command that moves the addresses here, run on becoming master and again when a split brain heals. Required.</summary>
    /// <value>The default is an empty string (invalid).</value>
    public string Take { get; set; } = string.Empty;

    /// <summary>Gets or sets the command that gives the addresses up, run on leaving master and at stop.</summary>
    /// <value>The default is <see langword="null"/>: none (the next master's take moves them).</value>
    public string? Release { get; set; }

    /// <summary>
    /// Gets or sets the command that checks the addresses really moved, run after the take succeeded (and retried the
    /// same way) until it exits 0: the binding is then <see cref="VrrpBindingState.Confirmed"/>, not just requested.
    /// </summary>
    /// <value>The default is <see langword="null"/>: a successful take stays <see cref="VrrpBindingState.Requested"/>.</value>
    public string? Confirm { get; set; }

    /// <summary>Gets or sets how long one run may take before it is killed with its children and counted as failed.</summary>
    /// <value>The default is 10 seconds.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets how many times a failed command runs again, 0 to <see cref="MaxRetries"/>.</summary>
    /// <value>The default is 3.</value>
    public int Retries { get; set; } = 3;

    /// <summary>Gets or sets the pause before the first retry; each further one doubles it, up to <see cref="MaxRetryDelay"/>.</summary>
    /// <value>The default is 1 second.</value>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Gets or sets whether the addresses are also bound on this host's interface by the platform's own binder (cloud
    /// setups where the guest must hold the address too); otherwise the commands alone own them.
    /// </summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool BindLocal { get; set; }

    /// <summary>Gets or sets who the commands run as (<c>script_user</c>, <c>enable_script_security</c>); null: the daemon's user, unchecked.</summary>
    internal Health.ScriptRunAs? RunAs { get; set; }

    /// <summary>Returns a copy for <paramref name="instanceName"/> that runs as <paramref name="runAs"/>.</summary>
    internal VrrpVipCommands For(string instanceName, Health.ScriptRunAs? runAs)
    {
        var copy = (VrrpVipCommands)MemberwiseClone();
        copy.InstanceName = instanceName;
        copy.RunAs = runAs;
        return copy;
    }

    /// <summary>Returns whether <paramref name="other"/> runs the same commands the same way (a reload that changes them restarts the instance).</summary>
    internal bool SameAs(VrrpVipCommands? other) =>
        other is not null && Take == other.Take && Release == other.Release && Confirm == other.Confirm && Timeout == other.Timeout
        && Retries == other.Retries && RetryDelay == other.RetryDelay && BindLocal == other.BindLocal && RunAs == other.RunAs;

    /// <summary>Returns the pause before retry <paramref name="retry"/> (from 1): the delay doubled each time, at most <see cref="MaxRetryDelay"/>.</summary>
    /// <param name="retry">The retry, from 1.</param>
    /// <returns>The pause.</returns>
    public TimeSpan DelayBefore(int retry)
    {
        double seconds = RetryDelay.TotalSeconds * Math.Pow(2, Math.Clamp(retry - 1, 0, 30));
        return seconds >= MaxRetryDelay.TotalSeconds ? MaxRetryDelay : TimeSpan.FromSeconds(seconds);
    }

    /// <summary>Returns what is wrong with these commands, one message each; empty when they can run.</summary>
    /// <returns>The problems.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        string who = string.IsNullOrEmpty(InstanceName) ? "VIP commands" : $"VIP commands of {InstanceName}";
        if (string.IsNullOrWhiteSpace(Take))
        {
            problems.Add($"{who}: a take command is required.");
        }

        if (Timeout <= TimeSpan.Zero || Timeout > MaxTimeout)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{who}: the timeout must be more than 0 and at most {MaxTimeout.TotalSeconds} s."));
        }

        if (Retries is < 0 or > MaxRetries)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{who}: retries must be 0 to {MaxRetries}."));
        }

        if (RetryDelay < TimeSpan.Zero || RetryDelay > MaxRetryDelay)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{who}: the retry delay must be 0 to {MaxRetryDelay.TotalSeconds} s."));
        }

        foreach ((string name, string? command) in (ReadOnlySpan<(string, string?)>)[("take", Take), ("release", Release), ("confirm", Confirm)])
        {
            if (!string.IsNullOrWhiteSpace(command))
            {
                try
                {
                    _ = Config.KeepalivedCommandLine.Split(command);
                }
                catch (FormatException ex)
                {
                    problems.Add($"{who}: the {name} command: {ex.Message}");
                }
            }
        }

        return problems;
    }
}
