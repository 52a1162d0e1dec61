namespace Vrrp.Config.Binding;

/// <summary>What a keyword takes after its name.</summary>
internal enum KeywordArity
{
    /// <summary>Nothing: the keyword alone (<c>nopreempt</c>).</summary>
    None,

    /// <summary>An optional on/off, true/false or yes/no; the keyword alone means on.</summary>
    Flag,

    /// <summary>One value.</summary>
    One,

    /// <summary>One value and an optional second one (<c>script_user USER [GROUP]</c>).</summary>
    OneOrTwo,

    /// <summary>The rest of the line, one quoted word or several words (a command).</summary>
    Command,

    /// <summary>A <c>{ }</c> block, one item per line or keywords of its own.</summary>
    Block,

    /// <summary>A name, then a <c>{ }</c> block (<c>vrrp_instance NAME { }</c>).</summary>
    NamedBlock,

    /// <summary>Whatever keepalived takes; Vrrp does not read it (a recognised keyword that is only reported).</summary>
    Any,
}
