namespace Vrrp.Config.Binding;

/// <summary>How far Vrrp supports a keyword keepalived knows.</summary>
internal enum KeywordSupport
{
    /// <summary>Not a keepalived keyword in this block.</summary>
    Unknown,

    /// <summary>Read into the options and implemented by the engine.</summary>
    Implemented,

    /// <summary>A keepalived keyword the engine does not implement yet: read (sometimes into the options) and reported.</summary>
    NotImplemented,
}
