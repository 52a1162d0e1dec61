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

    public VrrpHostPlan Load(out IReadOnlyList<string> warnings) => Load(null, out warnings);

    /// <summary>Reads the configuration again (a reload): <paramref name="path"/>, else the registered keepalived.conf, else the options' current value.</summary>
    public VrrpHostPlan Load(string? path, out IReadOnlyList<string> warnings)
    {
        VrrpHostPlan plan = Load(path, out IReadOnlyList<ConfigDiagnostic> found);
        var text = new List<string>(found.Count);
        foreach (ConfigDiagnostic warning in found)
        {
            text.Add(warning.ToString());
        }

        warnings = text;
        return plan;
    }

    public VrrpHostPlan Load(out IReadOnlyList<ConfigDiagnostic> warnings) => Load(null, out warnings);

    public VrrpHostPlan Load(string? path, out IReadOnlyList<ConfigDiagnostic> warnings)
    {
        var errors = new List<ConfigDiagnostic>();
        var warningList = new List<ConfigDiagnostic>();
        ValidatedVrrpOptions validated;
        KeepalivedConfigSource? source = _services.GetService<KeepalivedConfigSource>();
        if (path is not null)
        {
            source = new KeepalivedConfigSource(path, source?.ReaderOptions ?? new KeepalivedConfigReaderOptions());
        }

        if (source is not null)
        {
            // The reader ran the validator and positioned its diagnostics in the file.
            KeepalivedConfigResult result = KeepalivedConfigReader.Read(source.Path, source.ReaderOptions);
            Sort(result.Diagnostics, errors, warningList);
            validated = result.Validated;
            foreach (ConfigDiagnostic note in validated.Notes)
            {
                warningList.Add(note with { Span = result.Locate(note.OptionPath) });
            }
        }
        else
        {
            VrrpOptions options;
            try
            {
                // The monitor's current value: a reload sees configuration that changed since the start.
                options = _services.GetService<IOptionsMonitor<VrrpOptions>>()?.CurrentValue ?? new VrrpOptions();
            }
            catch (OptionsValidationException ex)
            {
                throw new VrrpConfigurationException([.. ex.Failures]);
            }

            validated = VrrpOptionsValidator.Check(options);
            Sort(validated.Diagnostics, errors, warningList);
            warningList.AddRange(validated.Notes);
        }

        if (errors.Count == 0 && validated.Instances.Count == 0)
        {
            errors.Add(new ConfigDiagnostic(ConfigDiagnosticSeverity.Error, null, ConfigDiagnosticCodes.Required, "the configuration has no vrrp_instance.") { OptionPath = nameof(VrrpOptions.Instances) });
        }

        warnings = warningList;
        if (errors.Count > 0)
        {
            throw new VrrpConfigurationException(errors);
        }

        return InstanceSettingsFactory.Create(validated);
    }

    private static void Sort(IReadOnlyList<ConfigDiagnostic> diagnostics, List<ConfigDiagnostic> errors, List<ConfigDiagnostic> warnings)
    {
        foreach (ConfigDiagnostic diagnostic in diagnostics)
        {
            (diagnostic.Severity == ConfigDiagnosticSeverity.Error ? errors : warnings).Add(diagnostic);
        }
    }
}
