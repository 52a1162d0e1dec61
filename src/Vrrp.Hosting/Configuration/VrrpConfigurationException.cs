using Vrrp.Config.Diagnostics;

namespace Vrrp.Hosting.Configuration;

/// <summary>
/// The VRRP configuration cannot run: its problems as <see cref="Diagnostics"/> (each with its file position, option
/// path or source label) and, for callers that print them, as <see cref="Errors"/>, one line each
/// (<c>file:line:col: error: ...</c> for keepalived.conf).
/// </summary>
public sealed class VrrpConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public VrrpConfigurationException()
        : this(Array.Empty<string>())
    {
    }

    /// <summary>Creates the exception with one problem.</summary>
    /// <param name="message">The problem.</param>
    public VrrpConfigurationException(string message)
        : this([message])
    {
    }

    /// <summary>Creates the exception with one problem and its cause.</summary>
    /// <param name="message">The problem.</param>
    /// <param name="innerException">The cause.</param>
    public VrrpConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [message];
        Diagnostics = [Untyped(message)];
    }

    /// <summary>Creates the exception with every problem, as text.</summary>
    /// <param name="errors">The problems.</param>
    public VrrpConfigurationException(IReadOnlyList<string> errors)
        : base(Format(errors ?? []))
    {
        Errors = errors ?? [];
        var diagnostics = new ConfigDiagnostic[Errors.Count];
        for (int i = 0; i < diagnostics.Length; i++)
        {
            diagnostics[i] = Untyped(Errors[i]);
        }

        Diagnostics = diagnostics;
    }

    /// <summary>Creates the exception with every problem, each with where it is.</summary>
    /// <param name="diagnostics">The problems.</param>
    public VrrpConfigurationException(IReadOnlyList<ConfigDiagnostic> diagnostics)
        : this(ToStrings(diagnostics), diagnostics)
    {
    }

    private VrrpConfigurationException(string[] errors, IReadOnlyList<ConfigDiagnostic> diagnostics)
        : base(Format(errors))
    {
        Errors = errors;
        Diagnostics = diagnostics;
    }

    /// <summary>Gets the problems, one line each: the text view of <see cref="Diagnostics"/>.</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>Gets the problems with their codes and where each is (file position, option path or source label).</summary>
    public IReadOnlyList<ConfigDiagnostic> Diagnostics { get; }

    private static string Format(IReadOnlyList<string> errors) =>
        errors.Count == 0 ? "The VRRP configuration has errors." : "The VRRP configuration has errors:" + Environment.NewLine + string.Join(Environment.NewLine, errors);

    private static string[] ToStrings(IReadOnlyList<ConfigDiagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var errors = new string[diagnostics.Count];
        for (int i = 0; i < errors.Length; i++)
        {
            errors[i] = diagnostics[i].ToString();
        }

        return errors;
    }

    // A problem that arrived as text (platform refusals, health-check plans) has no code or position of its own.
    private static ConfigDiagnostic Untyped(string message) => new(ConfigDiagnosticSeverity.Error, null, ConfigDiagnosticCodes.CannotRun, message);
}
