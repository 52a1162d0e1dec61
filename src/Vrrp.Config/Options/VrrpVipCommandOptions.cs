namespace Vrrp.Config.Options;

/// <summary>
/// Commands that move an instance's virtual addresses where ARP takeover does not (a cloud VPC moves an address through
/// its API), run by the instance's binder instead of, or besides, binding the addresses on the interface: keepalived.conf's
/// <c>vip_take_command</c> and its companions (a Vrrp extension), <c>vrrp run --vip-take</c> and its companions,
/// <see cref="VrrpInstanceOptions.VipCommands"/> in appsettings, or <c>UseVipCommands</c> in code.
/// Each command runs without a shell, with <c>ACTION INSTANCE INTERFACE VIP/LEN...</c> appended (ACTION is
/// <c>take</c>, <c>release</c> or <c>confirm</c>) and the environment variables <c>VRRP_ACTION</c>,
/// <c>VRRP_INSTANCE</c>, <c>VRRP_INTERFACE</c>, <c>VRRP_VRID</c>, <c>VRRP_VIPS</c> (space-separated) and
/// <c>VRRP_ATTEMPT</c> (from 1). Exit code 0 is success; anything else, a failure to start or a run past
/// <see cref="Timeout"/> (killed with its children) is retried after <see cref="RetryDelay"/>, doubling up to
/// <see cref="Validation.VrrpOptionLimits.MaxVipCommandRetryDelay"/>, at most <see cref="Retries"/> times.
/// </summary>
public sealed class VrrpVipCommandOptions
{
    /// <summary>Gets or sets the command that moves the addresses here, run on becoming master and again when a split brain heals (<c>vip_take_command</c>). Required.</summary>
    /// <value>The default is <see langword="null"/> (invalid when any other command is set).</value>
    public string? Take { get; set; }

    /// <summary>Gets or sets the command that gives the addresses up, run on leaving master and at stop (<c>vip_release_command</c>).</summary>
    /// <value>The default is <see langword="null"/>: none (the next master's take moves them).</value>
    public string? Release { get; set; }

    /// <summary>
    /// Gets or sets the command that checks the addresses really moved, run after the take succeeded (and retried the
    /// same way) until it exits 0: the move is then confirmed, not just requested (<c>vip_confirm_command</c>).
    /// </summary>
    /// <value>The default is <see langword="null"/>: a successful take stays requested.</value>
    public string? Confirm { get; set; }

    /// <summary>Gets or sets how long one run may take before it is killed with its children and counted as failed (<c>vip_command_timeout</c>).</summary>
    /// <value>The default is 10 seconds.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets how many times a failed command runs again (<c>vip_command_retries</c>).</summary>
    /// <value>The default is 3.</value>
    public int Retries { get; set; } = 3;

    /// <summary>Gets or sets the pause before the first retry; each further one doubles it (<c>vip_command_retry_delay</c>).</summary>
    /// <value>The default is 1 second.</value>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Gets or sets whether the addresses are also bound on this host's interface by the platform's own binder (cloud
    /// setups where the guest must hold the address too); otherwise the commands alone own them (<c>vip_command_bind_local</c>).
    /// </summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool BindLocal { get; set; }

    /// <summary>Returns the pause before retry <paramref name="retry"/> (from 1): <see cref="RetryDelay"/> doubled each time, at most <see cref="Validation.VrrpOptionLimits.MaxVipCommandRetryDelay"/>.</summary>
    /// <param name="retry">The retry, from 1.</param>
    /// <returns>The pause.</returns>
    public TimeSpan DelayBefore(int retry)
    {
        TimeSpan most = Validation.VrrpOptionLimits.MaxVipCommandRetryDelay;
        double seconds = RetryDelay.TotalSeconds * Math.Pow(2, Math.Clamp(retry - 1, 0, 30));
        return seconds >= most.TotalSeconds ? most : TimeSpan.FromSeconds(seconds);
    }

    /// <summary>Returns whether <paramref name="other"/> runs the same commands the same way (a reload that changes them restarts the instance).</summary>
    /// <param name="other">The other commands, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when every setting is equal.</returns>
    public bool SameAs(VrrpVipCommandOptions? other) =>
        other is not null && Take == other.Take && Release == other.Release && Confirm == other.Confirm && Timeout == other.Timeout
        && Retries == other.Retries && RetryDelay == other.RetryDelay && BindLocal == other.BindLocal;
}
