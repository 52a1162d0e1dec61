using Vrrp.Config;
using Vrrp.Config.Syntax;
using Vrrp.Config.Validation;

namespace Vrrp.Hosting.Configuration.Cluster;

/// <summary>One node's instance of a virtual router, as that node's keepalived.conf configures it.</summary>
/// <param name="File">The node's configuration file, as given.</param>
/// <param name="Result">What reading the file gave.</param>
/// <param name="Plan">The instance as the host would run it (tracked items with their weights resolved).</param>
/// <param name="Validated">The instance's validated options (family, parsed addresses).</param>
internal sealed record ClusterMember(string File, KeepalivedConfigResult Result, VrrpInstancePlan Plan, ValidatedInstance Validated)
{
    public string Name => Plan.Name;

    public VrrpInstanceSettings Settings => Plan.Settings;

    /// <summary>Returns where <paramref name="property"/> of the instance is written, else the instance's own line.</summary>
    public SourceSpan? At(string property) =>
        Result.Locate("Instances:" + Name + ":" + property) ?? Result.Locate("Instances:" + Name + ":VirtualRouterId");

    /// <summary>Returns <c>file:line</c> of <paramref name="property"/> for a message that points at this node.</summary>
    public string Where(string property) => At(property) is { } span ? $"{span.File}:{span.Line.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : File;
}
