using Vrrp.Config.Diagnostics;
using Vrrp.Config.Options;
using Vrrp.Config.Syntax;
using Vrrp.Config.Validation;

namespace Vrrp.Config;

/// <summary>What <see cref="KeepalivedConfigReader"/> read: the options keepalived would run, and every problem found on the way.</summary>
public sealed class KeepalivedConfigResult
{
    internal KeepalivedConfigResult(
        ValidatedVrrpOptions validated,
        IReadOnlyList<ConfigDiagnostic> diagnostics,
        IReadOnlyList<string> files,
        IReadOnlyDictionary<string, SourceSpan> sourceMap,
        IReadOnlyList<ConfNode> syntax)
    {
        Validated = validated;
        Diagnostics = diagnostics;
        Files = files;
        SourceMap = sourceMap;
        Syntax = syntax;
        foreach (ConfigDiagnostic diagnostic in diagnostics)
        {
            HasErrors |= diagnostic.Severity == ConfigDiagnosticSeverity.Error;
            HasWarnings |= diagnostic.Severity == ConfigDiagnosticSeverity.Warning;
        }
    }

    /// <summary>Gets the options, after keepalived's own corrections (a value out of range replaced by its default, and so on).</summary>
    public VrrpOptions Options => Validated.Options;

    /// <summary>
    /// Gets what <see cref="VrrpOptionsValidator"/> made of <see cref="Options"/>: the typed values of each instance
    /// without errors, which hosting maps onto the engine. Its diagnostics are in <see cref="Diagnostics"/>, positioned.
    /// </summary>
    public ValidatedVrrpOptions Validated { get; }

    /// <summary>Gets every problem, in file order.</summary>
    public IReadOnlyList<ConfigDiagnostic> Diagnostics { get; }

    /// <summary>Gets every file read, the main one first, then the included ones in the order they were read.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>Gets where each option value came from, by option path (for example <c>Instances:VI_1:Priority</c>).</summary>
    public IReadOnlyDictionary<string, SourceSpan> SourceMap { get; }

    /// <summary>Gets the statements of the configuration after preprocessing.</summary>
    public IReadOnlyList<ConfNode> Syntax { get; }

    /// <summary>Gets a value indicating whether any error was found.</summary>
    public bool HasErrors { get; }

    /// <summary>Gets a value indicating whether any warning was found.</summary>
    public bool HasWarnings { get; }

    /// <summary>Finds where an option came from: the span of <paramref name="optionPath"/>, or of the nearest enclosing option that has one.</summary>
    /// <param name="optionPath">An option path such as <c>Instances:VI_1:UnicastPeers:0</c>.</param>
    /// <returns>The span, or <see langword="null"/> when neither the option nor any enclosing one was read from the file.</returns>
    public SourceSpan? Locate(string? optionPath) => KeepalivedConfigReader.Locate(SourceMap, optionPath);

    /// <summary>Gets a value indicating whether nothing was reported (notes aside): what <c>keepalived -t</c> calls a usable configuration.</summary>
    public bool IsClean => !HasErrors && !HasWarnings;
}
