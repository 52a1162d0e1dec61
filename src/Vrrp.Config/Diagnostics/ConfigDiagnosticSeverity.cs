namespace Vrrp.Config.Diagnostics;

/// <summary>How serious a configuration problem is.</summary>
public enum ConfigDiagnosticSeverity
{
    /// <summary>
    /// Information that keepalived prints without counting it as a problem (for example a missing <c>include</c> file),
    /// or a setting the Vrrp engine reads but does not apply yet (<see cref="Validation.ValidatedVrrpOptions.Notes"/>).
    /// </summary>
    Note,

    /// <summary>A problem keepalived reports but still starts with: an unknown keyword, a value out of range that is replaced by a default.</summary>
    Warning,

    /// <summary>A problem that makes the configuration, or a part of it, unusable: no usable VRID, a broken block structure, a duplicate VRID.</summary>
    Error,
}
