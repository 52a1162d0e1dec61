using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Vrrp.Config;
using Vrrp.Config.Diagnostics;
using Vrrp.Config.Options;
using Vrrp.Config.Validation;

namespace Vrrp.Hosting.Configuration;

/// <summary>
/// Produces the host's plan from the registered keepalived.conf (<c>AddKeepalivedConfig</c>), or else from
/// <see cref="VrrpOptions"/> bound from .NET configuration (<c>AddVrrpOptions</c>). Both go through
/// <see cref="VrrpOptionsValidator"/>; errors throw <see cref="VrrpConfigurationException"/> with every problem as a
/// <see cref="ConfigDiagnostic"/>: positioned (<c>file:line:col</c>) for keepalived.conf, with its configuration path otherwise.
/// </summary>
internal sealed class VrrpConfigurationLoader
{
    private readonly IServiceProvider _services;

    public VrrpConfigurationLoader(IServiceProvider services) => _services = services;

    public VrrpHostPlan Load(out IReadOnlyList<string> warnings)
    {
        VrrpHostPlan plan = Load(out IReadOnlyList<ConfigDiagnostic> found);
        var text = new List<string>(found.Count);
        foreach (ConfigDiagnostic warning in found)
        {
            text.Add(warning.ToString());
        }

        warnings = text;
        return plan;
    }

    public VrrpHostPlan Load(out IReadOnlyList<ConfigDiagnostic> warnings)
    {
        var errors = new List<ConfigDiagnostic>();
        var warningList = new List<ConfigDiagnostic>();
        VrrpOptions options;
        KeepalivedConfigResult? read = null;
        if (_services.GetService<KeepalivedConfigSource>() is { } source)
        {
            KeepalivedConfigResult result = KeepalivedConfigReader.Read(source.Path, source.ReaderOptions);
            Sort(result.Diagnostics, errors, warningList);
            options = result.Options;
            read = result;
        }
        else
        {
            try
            {
                options = _services.GetService<IOptions<VrrpOptions>>()?.Value ?? new VrrpOptions();
            }
            catch (OptionsValidationException ex)
            {
                throw new VrrpConfigurationException([.. ex.Failures]);
            }

            Sort(VrrpOptionsValidator.GetProblems(options), errors, warningList);
        }

        VrrpHostPlan plan = InstanceSettingsFactory.Create(options);
        var mapped = new List<ConfigDiagnostic>(plan.Diagnostics.Count);
        foreach (ConfigDiagnostic diagnostic in plan.Diagnostics)
        {
            mapped.Add(read is null ? diagnostic : diagnostic with { Span = read.Locate(diagnostic.OptionPath) });
        }

        var planErrors = new List<ConfigDiagnostic>();
        Sort(mapped, planErrors, warningList);
        if (errors.Count == 0)
        {
            // Mapping errors repeat what validation already reported; only add them when it found nothing.
            errors.AddRange(planErrors);
        }

        if (errors.Count == 0 && plan.Instances.Count == 0)
        {
            errors.Add(new ConfigDiagnostic(ConfigDiagnosticSeverity.Error, null, ConfigDiagnosticCodes.Required, "the configuration has no vrrp_instance.") { OptionPath = nameof(VrrpOptions.Instances) });
        }

        warnings = warningList;
        if (errors.Count > 0)
        {
            throw new VrrpConfigurationException(errors);
        }

        return plan;
    }

    private static void Sort(IReadOnlyList<ConfigDiagnostic> diagnostics, List<ConfigDiagnostic> errors, List<ConfigDiagnostic> warnings)
    {
        foreach (ConfigDiagnostic diagnostic in diagnostics)
        {
            (diagnostic.Severity == ConfigDiagnosticSeverity.Error ? errors : warnings).Add(diagnostic);
        }
    }
}
