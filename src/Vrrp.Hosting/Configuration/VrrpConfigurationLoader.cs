using System;
using System.Collections.Generic;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Vrrp.Config;
using Vrrp.Config.Diagnostics;
using Vrrp.Config.Options;
using Vrrp.Config.Validation;

namespace Vrrp.Hosting.Configuration;

/// <summary>
/// Produces the host's plan from the registered keepalived.conf (<c>AddKeepalivedConfig</c>), or else from
/// <see cref="VrrpOptions"/> bound from .NET configuration (<c>AddVrrpOptions</c>). Errors throw
/// <see cref="VrrpConfigurationException"/> with every problem, positioned for keepalived.conf.
/// </summary>
internal sealed class VrrpConfigurationLoader
{
    private readonly IServiceProvider _services;

    public VrrpConfigurationLoader(IServiceProvider services) => _services = services;

    public VrrpHostPlan Load(out IReadOnlyList<string> warnings)
    {
        var errors = new List<string>();
        var warningList = new List<string>();
        VrrpOptions options;
        if (_services.GetService<KeepalivedConfigSource>() is { } source)
        {
            KeepalivedConfigResult result = KeepalivedConfigReader.Read(source.Path, source.ReaderOptions);
            foreach (ConfigDiagnostic diagnostic in result.Diagnostics)
            {
                (diagnostic.Severity == ConfigDiagnosticSeverity.Error ? errors : warningList).Add(diagnostic.ToString());
            }

            options = result.Options;
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

            foreach (ConfigDiagnostic diagnostic in VrrpOptionsValidator.GetProblems(options))
            {
                (diagnostic.Severity == ConfigDiagnosticSeverity.Error ? errors : warningList).Add(diagnostic.ToString());
            }
        }

        VrrpHostPlan plan = InstanceSettingsFactory.Create(options);
        if (errors.Count == 0)
        {
            // Mapping errors repeat what the reader already positioned; only add them when it found nothing.
            errors.AddRange(plan.Errors);
        }

        if (errors.Count == 0 && plan.Instances.Count == 0)
        {
            errors.Add("the configuration has no vrrp_instance.");
        }

        warningList.AddRange(plan.Warnings);
        warnings = warningList;
        if (errors.Count > 0)
        {
            throw new VrrpConfigurationException(errors);
        }

        return plan;
    }
}
