using System.Globalization;
using Vrrp.Config.Syntax;

namespace Vrrp.Config.Binding;

/// <summary>
/// Declares the keywords of one block whose options are a <typeparamref name="T"/>: each method adds one
/// <see cref="KeywordDefinition"/> whose mapping is a lambda onto <typeparamref name="T"/>.
/// </summary>
/// <typeparam name="T">The options class the block fills.</typeparam>
internal sealed class KeywordBlock<T>
    where T : class
{
    private delegate bool TryRead<TValue>(KeepalivedBinder binder, ConfNode node, out TValue value);

    private const string NotImplementedDoc = "keepalived keyword the engine does not implement yet: reported, ignored";

    private readonly KeywordContext _block;
    private readonly List<KeywordDefinition> _all;

    public KeywordBlock(KeywordContext block, List<KeywordDefinition> all)
    {
        _block = block;
        _all = all;
    }

    /// <summary>A keyword read by its own code.</summary>
    public KeywordBlock<T> Custom(string name, KeywordArity arity, string value, string? property, string doc, Action<KeepalivedBinder, ConfNode, BindScope, T> bind, string? range = null, string? @default = null) =>
        Add(new KeywordDefinition(_block, name, KeywordSupport.Implemented, arity, value, doc)
        {
            Option = property is null ? null : OptionName(property),
            Range = range,
            Default = @default,
            Bind = (binder, node, scope) => bind(binder, node, scope, (T)scope.Target),
        });

    /// <summary>A keyword alone meaning on, or followed by on/off, true/false, yes/no.</summary>
    public KeywordBlock<T> Flag(string name, string property, string doc, Action<T, bool> set, string @default = "off") =>
        Custom(name, KeywordArity.Flag, "[BOOL]", property, doc, (b, n, s, t) => set(t, b.Flag(n, s.Path, property)), @default: @default);

    /// <summary>A time in seconds (fractions allowed) in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public KeywordBlock<T> Seconds(string name, string property, TimeSpan min, TimeSpan max, string doc, Action<T, TimeSpan> set, string? @default) =>
        Value(name, "SECONDS", property, doc, (KeepalivedBinder b, ConfNode n, out TimeSpan v) => b.Timer(n, min, max, out v), set, VrrpLimits.FormatSeconds(min) + " to " + VrrpLimits.FormatSeconds(max), @default);

    /// <summary>A whole number in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public KeywordBlock<T> Integer(string name, string property, long min, long max, string doc, Action<T, int> set, string? @default) =>
        Value(name, "INTEGER", property, doc, (KeepalivedBinder b, ConfNode n, out int v) => b.Integer(n, min, max, out v), set, RangeText(min, max), @default);

    /// <summary>A whole number; below 1 it becomes 1, as keepalived corrects it.</summary>
    public KeywordBlock<T> AtLeastOne(string name, string property, string doc, Action<T, int> set, string? @default) =>
        Custom(
            name,
            KeywordArity.One,
            "INTEGER",
            property,
            doc,
            (b, n, s, t) =>
            {
                if (b.AtLeastOne(n, s.Of(property)) is int value)
                {
                    set(t, value);
                }
            },
            RangeText(1, int.MaxValue),
            @default);

    /// <summary>One word, kept as written.</summary>
    public KeywordBlock<T> Word(string name, string property, string value, string doc, Action<T, string> set) =>
        Custom(name, KeywordArity.One, value, property, doc, (b, n, s, t) =>
        {
            if (b.Word(n, out ConfToken token))
            {
                set(t, token.Text);
                b.Record(s.Of(property), token);
            }
        });

    /// <summary>An IPv4 or IPv6 address, checked strictly and kept as written.</summary>
    public KeywordBlock<T> Address(string name, string property, string doc, Action<T, string> set) =>
        Custom(name, KeywordArity.One, "ADDRESS", property, doc, (b, n, s, t) =>
        {
            if (b.Word(n, out ConfToken token) && b.CheckAddress(n, token))
            {
                set(t, token.Text);
                b.Record(s.Of(property), token);
            }
        });

    /// <summary>A command line: one quoted word, or the words of the rest of the line.</summary>
    public KeywordBlock<T> Command(string name, string property, string doc, Action<T, string> set) =>
        Custom(name, KeywordArity.Command, "COMMAND", property, doc, (b, n, s, t) =>
        {
            if (b.Command(n, s.Of(property)) is { } command)
            {
                set(t, command);
            }
        });

    /// <summary>A <c>{ }</c> block of items, one per line.</summary>
    public KeywordBlock<T> Lines<TItem>(string name, string property, string value, string doc, Func<T, List<TItem>> list, Func<KeepalivedBinder, ConfNode, TItem?> bindLine)
        where TItem : class =>
        Custom(name, KeywordArity.Block, value, property, doc, (b, n, s, t) => b.BindLines(n, s.Of(property), list(t), line => bindLine(b, line)));

    /// <summary>A keepalived keyword the engine does not implement, kept as raw lines in the options and reported.</summary>
    public KeywordBlock<T> RawLines(string name, string property, Func<T, List<string>> list) =>
        Add(new KeywordDefinition(_block, name, KeywordSupport.NotImplemented, KeywordArity.Block, "{ ... }", NotImplementedDoc + " (the lines are kept in the options)")
        {
            Option = OptionName(property),
            Bind = (binder, node, scope) => binder.BindRawLines(node, scope.Of(property), list((T)scope.Target)),
        });

    /// <summary>A keepalived keyword the engine does not implement, read into the options and reported.</summary>
    public KeywordBlock<T> BoundFlag(string name, string property, Action<T, bool> set) =>
        Add(new KeywordDefinition(_block, name, KeywordSupport.NotImplemented, KeywordArity.Flag, "[BOOL]", NotImplementedDoc + " (the value is kept in the options)")
        {
            Option = OptionName(property),
            Default = "off",
            Bind = (binder, node, scope) => set((T)scope.Target, binder.Flag(node, scope.Path, property)),
        });

    /// <summary>keepalived keywords the engine does not implement: each use is reported as a warning and ignored.</summary>
    public KeywordBlock<T> Recognised(params string[] names)
    {
        foreach (string name in names)
        {
            Add(new KeywordDefinition(_block, name, KeywordSupport.NotImplemented, KeywordArity.Any, "...", NotImplementedDoc));
        }

        return this;
    }

    private static string RangeText(long min, long max) => max >= int.MaxValue
        ? string.Create(CultureInfo.InvariantCulture, $"{min} or more")
        : string.Create(CultureInfo.InvariantCulture, $"{min} to {max}");

    /// <summary>One value read by <paramref name="read"/>, set and recorded at the block's path of <paramref name="property"/>.</summary>
    private KeywordBlock<T> Value<TValue>(string name, string value, string property, string doc, TryRead<TValue> read, Action<T, TValue> set, string range, string? @default) =>
        Custom(
            name,
            KeywordArity.One,
            value,
            property,
            doc,
            (b, n, s, t) =>
            {
                if (read(b, n, out TValue parsed))
                {
                    set(t, parsed);
                    b.Record(s.Of(property), n.Arguments[0]);
                }
            },
            range,
            @default);

    private KeywordBlock<T> Add(KeywordDefinition keyword)
    {
        _all.Add(keyword);
        return this;
    }

    /// <summary>The option a keyword sets as the reference shows it: <c>VipCommands:Take</c> (an option path below the block) is <c>VrrpInstanceOptions.VipCommands.Take</c>.</summary>
    private static string OptionName(string property) => typeof(T).Name + "." + property.Replace(':', '.');
}
