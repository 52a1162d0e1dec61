using System.Text;
using Vrrp.Config.Syntax;

namespace Vrrp.Config.Diagnostics;

/// <summary>One problem found in a configuration, with where it is.</summary>
/// <param name="Severity">How serious the problem is.</param>
/// <param name="Span">Where the problem is; <see langword="null"/> only for options that came from somewhere without positions.</param>
/// <param name="Code">A stable identifier such as <c>VC3001</c> (see <see cref="ConfigDiagnosticCodes"/>).</param>
/// <param name="Message">What is wrong, in one sentence.</param>
/// <param name="Hint">How to fix it, for example <c>did you mean `priority`?</c>, or <see langword="null"/>.</param>
public sealed record ConfigDiagnostic(ConfigDiagnosticSeverity Severity, SourceSpan? Span, string Code, string Message, string? Hint = null)
{
    /// <summary>Gets the option path the problem is about (for example <c>Instances:VI_1:Priority</c>), when known.</summary>
    public string? OptionPath { get; init; }

    /// <summary>
    /// Gets where the value came from when it has no file position: a configuration path such as
    /// <c>Vrrp:Instances:VI_1:Priority</c> (appsettings.json) or a command-line flag such as <c>--priority</c>.
    /// </summary>
    public string? Source { get; init; }

    /// <summary>Formats the problem as <c>file:line:col: error|warning|note: message (hint) [code]</c>.</summary>
    /// <returns>One line of text.</returns>
    public override string ToString()
    {
        var builder = new StringBuilder();
        if (Span is { } span)
        {
            builder.Append(span.ToString()).Append(": ");
        }
        else if ((Source ?? OptionPath) is { } where)
        {
            builder.Append(where).Append(": ");
        }

        builder.Append(Severity switch
        {
            ConfigDiagnosticSeverity.Error => "error",
            ConfigDiagnosticSeverity.Warning => "warning",
            _ => "note",
        });
        builder.Append(": ");
        AppendPrintable(builder, Message);
        if (Hint is not null)
        {
            builder.Append(" (");
            AppendPrintable(builder, Hint);
            builder.Append(')');
        }

        builder.Append(" [").Append(Code).Append(']');
        return builder.ToString();
    }

    // Messages quote the configuration; a binary file must not put terminal control sequences on the screen.
    private static void AppendPrintable(StringBuilder builder, string text)
    {
        foreach (char c in text)
        {
            if (char.IsControl(c))
            {
                builder.Append("\\x").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }
    }
}
