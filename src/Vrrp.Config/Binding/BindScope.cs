namespace Vrrp.Config.Binding;

/// <summary>The block a statement is bound into: its option path (<c>Instances:VI_1</c>) and its options object.</summary>
/// <param name="Path">The option path of the block; values are recorded at <c>Path:Property</c>.</param>
/// <param name="Target">The options object of the block.</param>
internal readonly record struct BindScope(string Path, object Target)
{
    /// <summary>Returns the option path of <paramref name="property"/> in this block.</summary>
    public string Of(string property) => Path.Length == 0 ? property : Path + ":" + property;
}
