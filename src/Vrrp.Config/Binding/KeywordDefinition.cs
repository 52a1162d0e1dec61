namespace Vrrp.Config.Binding;

/// <summary>
/// One keepalived keyword as Vrrp knows it: where it may appear, what it takes, what it sets and how far it is
/// supported. The binder, <c>check-config</c>'s hints and the keyword reference in docs/config.md all read these.
/// </summary>
/// <param name="Block">The block the keyword belongs in.</param>
/// <param name="Name">The keyword as written.</param>
/// <param name="Support">Implemented, or recognised but not implemented.</param>
/// <param name="Arity">What follows the keyword.</param>
/// <param name="Value">The value syntax as the reference shows it, for example <c>SECONDS</c> or <c>ADDRESS</c>.</param>
/// <param name="Doc">One line saying what the keyword does in Vrrp.</param>
internal sealed record KeywordDefinition(KeywordContext Block, string Name, KeywordSupport Support, KeywordArity Arity, string Value, string Doc)
{
    /// <summary>Gets the values allowed, as messages state them (from <see cref="VrrpLimits"/>), or <see langword="null"/>.</summary>
    public string? Range { get; init; }

    /// <summary>Gets the value used when the keyword is absent, or <see langword="null"/>.</summary>
    public string? Default { get; init; }

    /// <summary>Gets the option the keyword sets, for example <c>VrrpInstanceOptions.Priority</c>, or <see langword="null"/>.</summary>
    public string? Option { get; init; }

    /// <summary>Gets how the statement is read into the options; <see langword="null"/> for a keyword that is only reported.</summary>
    public KeywordBind? Bind { get; init; }
}
