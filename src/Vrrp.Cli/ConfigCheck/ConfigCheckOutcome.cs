namespace Vrrp.Cli.ConfigCheck;

/// <summary>
/// What one check of a keepalived.conf found, for the exit codes of <c>vrrp check-config</c> and of keepalived's
/// <c>-t</c>, which read the same check differently.
/// </summary>
/// <param name="Unreadable">The file could not be read at all (missing or unreadable): nothing else was checked.</param>
/// <param name="Errors">Problems <c>vrrp run</c> refuses to start with.</param>
/// <param name="Warnings">Problems <c>vrrp run</c> starts with, ignoring or correcting the part concerned.</param>
/// <param name="ScriptSecurityDisabled">Scripts are configured without <c>enable_script_security</c> (one of the warnings).</param>
internal readonly record struct ConfigCheckOutcome(bool Unreadable, int Errors, int Warnings, bool ScriptSecurityDisabled);
