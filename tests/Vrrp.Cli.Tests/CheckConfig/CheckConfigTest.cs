using Vrrp.Config;

namespace Vrrp.Cli.Tests.CheckConfig;

/// <summary>
/// Runs <c>vrrp check-config</c> in process and keeps what it prints: shared by the tests of its output, its keepalived
/// rules and the keepalived corpus, all of them in <see cref="InProcessCommands"/>.
/// </summary>
/// <param name="host">The host the checks look programs and users up on, unless a run names its own.</param>
[Collection(InProcessCommands.Name)]
public abstract class CheckConfigTest(KeepalivedHostEnvironment? host = null) : IDisposable
{
    private TempDirectory? _files;

    public void Dispose()
    {
        _files?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Writes <paramref name="text"/> as <c>k.conf</c> in a directory of the test's own (deleted after it) and returns its path.</summary>
    private protected string WriteConfig(string text) => (_files ??= new TempDirectory()).Write("k.conf", text);

    private protected (int Exit, string Output, string Error) RunCheckConfig(string path, bool json = false, string? configId = null) =>
        RunCheckConfig(path, host, json, configId);

    private protected static (int Exit, string Output, string Error) RunCheckConfig(string path, KeepalivedHostEnvironment? host, bool json = false, string? configId = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exit = CheckConfigCommand.Run(path, json, configId, output, error, host);
        return (exit, output.ToString(), error.ToString());
    }
}
