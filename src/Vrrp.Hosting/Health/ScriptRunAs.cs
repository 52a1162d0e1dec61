using Vrrp.Config.Options;

namespace Vrrp.Hosting.Health;

/// <summary>
/// Who scripts run as, as keepalived decides it: a <c>vrrp_script</c>'s <c>user USER [GROUP]</c>, else the global
/// <c>script_user USER [GROUP]</c>, else <c>keepalived_script</c> when that user exists, else root; and whether
/// <c>enable_script_security</c> refuses scripts that users other than root can change.
/// </summary>
/// <param name="User">The global script_user, or <see langword="null"/>.</param>
/// <param name="Group">The global script_user's group, or <see langword="null"/> (the user's own).</param>
/// <param name="Security">Whether enable_script_security is on.</param>
internal sealed record ScriptRunAs(string? User, string? Group, bool Security)
{
    /// <summary>keepalived's default script user.</summary>
    public const string DefaultUser = "keepalived_script";

    /// <summary>Gets root, without script security.</summary>
    public static ScriptRunAs Default { get; } = new(null, null, false);

    public static ScriptRunAs From(GlobalDefinitionsOptions global) => new(global.ScriptUser, global.ScriptGroup, global.EnableScriptSecurity);

    /// <summary>Returns the settings of one vrrp_script: its own user when it has one.</summary>
    public ScriptRunAs For(VrrpScriptOptions script) => script.User is null ? this : this with { User = script.User, Group = script.Group };

    /// <summary>Returns the user to switch to, or <see langword="null"/> for root (no switch).</summary>
    public string? EffectiveUser(Func<string, bool> userExists)
    {
        string? user = User ?? (userExists(DefaultUser) ? DefaultUser : null);
        return user is null or "root" ? null : user;
    }
}
