using Microsoft.Extensions.Options;
using Vrrp.Config.Diagnostics;
using Vrrp.Config.Options;

namespace Vrrp.Config.DependencyInjection;

/// <summary>Fills <see cref="VrrpOptions"/> from a keepalived.conf, and fails validation when the file has errors.</summary>
internal sealed class KeepalivedConfigureOptions : IConfigureOptions<VrrpOptions>, IValidateOptions<VrrpOptions>
{
    private readonly Lazy<KeepalivedConfigResult> _result;

    public KeepalivedConfigureOptions(string path, KeepalivedConfigReaderOptions readerOptions)
    {
        _result = new Lazy<KeepalivedConfigResult>(() => KeepalivedConfigReader.Read(path, readerOptions));
    }

    public void Configure(VrrpOptions options)
    {
        VrrpOptions read = _result.Value.Options;
        options.GlobalDefinitions = read.GlobalDefinitions;
        foreach ((string name, VrrpScriptOptions script) in read.Scripts)
        {
            options.Scripts[name] = script;
        }

        foreach ((string name, VrrpSyncGroupOptions group) in read.SyncGroups)
        {
            options.SyncGroups[name] = group;
        }

        foreach ((string name, VrrpInstanceOptions instance) in read.Instances)
        {
            options.Instances[name] = instance;
        }
    }

    public ValidateOptionsResult Validate(string? name, VrrpOptions options)
    {
        // Validation errors about the options themselves come from VrrpOptionsValidator; only file-level errors here.
        List<string>? failures = null;
        foreach (ConfigDiagnostic diagnostic in _result.Value.Diagnostics)
        {
            if (diagnostic.Severity == ConfigDiagnosticSeverity.Error && diagnostic.OptionPath is null)
            {
                (failures ??= []).Add(diagnostic.ToString());
            }
        }

        return failures is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
