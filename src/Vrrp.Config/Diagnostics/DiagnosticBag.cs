using System.Globalization;
using Vrrp.Config.Syntax;

namespace Vrrp.Config.Diagnostics;

/// <summary>Collects diagnostics; stops keeping them after a limit so garbage input cannot exhaust memory.</summary>
internal sealed class DiagnosticBag
{
    public const int DefaultLimit = 1000;

    private readonly List<ConfigDiagnostic> _items = [];
    private readonly int _limit;
    private int _dropped;

    public DiagnosticBag(int limit = DefaultLimit)
    {
        _limit = limit;
    }

    public int ErrorCount { get; private set; }

    public int WarningCount { get; private set; }

    public void Add(ConfigDiagnostic diagnostic)
    {
        if (diagnostic.Severity == ConfigDiagnosticSeverity.Error)
        {
            ErrorCount++;
        }
        else if (diagnostic.Severity == ConfigDiagnosticSeverity.Warning)
        {
            WarningCount++;
        }

        if (_items.Count < _limit)
        {
            _items.Add(diagnostic);
        }
        else
        {
            _dropped++;
        }
    }

    public void Error(SourceSpan? span, string code, string message, string? hint = null) =>
        Add(new ConfigDiagnostic(ConfigDiagnosticSeverity.Error, span, code, message, hint));

    public void Warning(SourceSpan? span, string code, string message, string? hint = null) =>
        Add(new ConfigDiagnostic(ConfigDiagnosticSeverity.Warning, span, code, message, hint));

    public void Note(SourceSpan? span, string code, string message, string? hint = null) =>
        Add(new ConfigDiagnostic(ConfigDiagnosticSeverity.Note, span, code, message, hint));

    public List<ConfigDiagnostic> ToList()
    {
        var list = new List<ConfigDiagnostic>(_items);
        if (_dropped > 0)
        {
            SourceSpan? last = list.Count > 0 ? list[^1].Span : null;
            list.Add(new ConfigDiagnostic(
                ConfigDiagnosticSeverity.Note,
                last,
                ConfigDiagnosticCodes.TooManyDiagnostics,
                string.Create(CultureInfo.InvariantCulture, $"{_dropped} more problems are not listed")));
        }

        return list;
    }
}
