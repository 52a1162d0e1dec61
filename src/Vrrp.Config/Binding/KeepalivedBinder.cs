using Vrrp.Config.Diagnostics;
using Vrrp.Config.Options;
using Vrrp.Config.Syntax;

namespace Vrrp.Config.Binding;

/// <summary>
/// Binds keepalived statements to <see cref="VrrpOptions"/> through the <see cref="KeywordTable"/>. Like keepalived, a
/// bad value is reported and replaced by the default (or adjusted as keepalived adjusts it), so the options that come
/// out are what keepalived would run; every value assigned is recorded in a side table option path -&gt;
/// <see cref="SourceSpan"/> for later diagnostics.
/// </summary>
internal sealed partial class KeepalivedBinder
{
    private readonly DiagnosticBag _diagnostics;
    private readonly Dictionary<string, SourceSpan> _sourceMap;
    private readonly VrrpOptions _options = new();
    private readonly HashSet<string> _instancesWithPriority = new(StringComparer.Ordinal);

    public KeepalivedBinder(DiagnosticBag diagnostics, Dictionary<string, SourceSpan> sourceMap)
    {
        _diagnostics = diagnostics;
        _sourceMap = sourceMap;
    }

    public VrrpOptions Bind(IReadOnlyList<ConfNode> document)
    {
        BindBlock(KeywordContext.TopLevel, new BindScope(string.Empty, _options), document);
        ApplyKeepalivedAdjustments();
        return _options;
    }

    /// <summary>Binds each statement of a block by its keyword's table entry; reports the ones without a mapping.</summary>
    internal void BindBlock(KeywordContext context, BindScope scope, IReadOnlyList<ConfNode> block)
    {
        foreach (ConfNode node in block)
        {
            KeywordDefinition? keyword = KeywordTable.Find(context, node.Name);
            if (keyword?.Bind is not { } bind)
            {
                ReportUnhandled(context, node);
                continue;
            }

            bind(this, node, scope);
            if (keyword.Support == KeywordSupport.NotImplemented)
            {
                ReportNotImplemented(context, node);
            }
        }
    }

    /// <summary>Binds <c>KEYWORD NAME { ... }</c> into a new entry of <paramref name="target"/>; a second block of the same name is ignored.</summary>
    internal void BindNamedBlock<T>(ConfNode node, Dictionary<string, T> target, string what, string section, KeywordContext context)
        where T : class, new()
    {
        IReadOnlyList<ConfNode>? block = RequireBlock(node);
        if (node.Arguments.Count == 0)
        {
            _diagnostics.Warning(node.Span, ConfigDiagnosticCodes.MissingArgument, $"`{node.Name}` needs a name; the block is ignored", $"write `{node.Name} NAME {{`");
            return;
        }

        ExtraArguments(node, 1);
        string name = node.Arguments[0].Text;
        string path = section + ":" + name;
        if (target.ContainsKey(name))
        {
            SourceSpan? first = _sourceMap.TryGetValue(path, out SourceSpan span) ? span : null;
            _diagnostics.Warning(node.Arguments[0].Span, ConfigDiagnosticCodes.DuplicateName, $"{what} {name} is already defined{(first is { } f ? " at " + f : string.Empty)}; this one is ignored");
            return;
        }

        if (block is null)
        {
            return;
        }

        var options = new T();
        target[name] = options;
        _sourceMap[path] = node.Arguments[0].Span;
        BindBlock(context, new BindScope(path, options), block);
    }

    internal void Record(string path, ConfToken token) => _sourceMap[path] = token.Span;

    private void ReportUnhandled(KeywordContext context, ConfNode node)
    {
        if (KeywordTable.GetSupport(context, node.Name) == KeywordSupport.NotImplemented)
        {
            ReportNotImplemented(context, node);
            return;
        }

        _diagnostics.Warning(
            node.Span,
            ConfigDiagnosticCodes.UnknownKeyword,
            $"unknown keyword `{Shorten(node.Name)}` in {KeywordTable.BlockName(context)}; it is ignored{(node.Block is null ? string.Empty : " with its block")}",
            KeywordSuggester.Suggest(context, node.Name));
    }

    private void ReportNotImplemented(KeywordContext context, ConfNode node) =>
        _diagnostics.Warning(
            node.Span,
            ConfigDiagnosticCodes.NotImplemented,
            $"`{node.Name}` (in {KeywordTable.BlockName(context)}) is a keepalived keyword the Vrrp engine does not implement yet; it is ignored");
}
