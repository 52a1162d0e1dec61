using System.Text;

namespace Vrrp.Config.Binding;

/// <summary>
/// Writes the keyword reference of docs/config.md from the <see cref="KeywordTable"/>, so the documentation cannot
/// drift from what the binder reads (a test compares the two; <c>VRRP_UPDATE_DOCS=1</c> rewrites the doc).
/// </summary>
internal static class KeywordReference
{
    /// <summary>The line before the generated part of docs/config.md.</summary>
    public const string Begin = "<!-- keyword reference: generated from KeywordTable; VRRP_UPDATE_DOCS=1 dotnet test tests/Vrrp.Config.Tests rewrites it -->";

    /// <summary>The line after the generated part.</summary>
    public const string End = "<!-- end of keyword reference -->";

    /// <summary>Returns the reference: one table per block, then the recognised keywords it only reports.</summary>
    public static string ToMarkdown()
    {
        var text = new StringBuilder();
        foreach (KeywordContext block in KeywordTable.AllContexts)
        {
            text.Append("### ").Append(block == KeywordContext.TopLevel ? "Top level" : "`" + KeywordTable.BlockName(block) + "`").Append('\n').Append('\n');
            text.Append("| keyword | value | range | default | option | what it does |\n");
            text.Append("|---|---|---|---|---|---|\n");
            var recognised = new List<string>();
            foreach (KeywordDefinition keyword in KeywordTable.In(block))
            {
                if (keyword.Support == KeywordSupport.NotImplemented && keyword.Bind is null)
                {
                    recognised.Add("`" + keyword.Name + "`");
                    continue;
                }

                text.Append("| `").Append(keyword.Name).Append("` | ")
                    .Append(Cell(keyword.Value, code: true)).Append(" | ")
                    .Append(Cell(keyword.Range, code: false)).Append(" | ")
                    .Append(Cell(keyword.Default, code: false)).Append(" | ")
                    .Append(Cell(keyword.Option, code: true)).Append(" | ")
                    .Append(keyword.Support == KeywordSupport.NotImplemented ? "*not implemented:* " : string.Empty)
                    .Append(Escape(keyword.Doc)).Append(" |\n");
            }

            if (recognised.Count > 0)
            {
                text.Append('\n').Append("Recognised, not implemented (reported as ").Append(Diagnostics.ConfigDiagnosticCodes.NotImplemented).Append(" and ignored): ").Append(string.Join(", ", recognised)).Append(".\n");
            }

            text.Append('\n');
        }

        return text.ToString().TrimEnd('\n') + "\n";
    }

    private static string Cell(string? value, bool code) => string.IsNullOrEmpty(value) ? " " : code ? "`" + Escape(value) + "`" : Escape(value);

    private static string Escape(string value) => value.Replace("|", "\\|", System.StringComparison.Ordinal);
}
