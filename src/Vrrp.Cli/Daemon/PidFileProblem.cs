namespace Vrrp.Cli.Daemon;

/// <summary>Why a pid file was not written.</summary>
/// <param name="Path">The pid file.</param>
/// <param name="Message">What is wrong, to print after the path.</param>
/// <param name="AlreadyRunning">The file names a process that still runs (exit <see cref="ExitCodes.AlreadyRunning"/>).</param>
internal sealed record PidFileProblem(string Path, string Message, bool AlreadyRunning)
{
    /// <summary>Gets the exit code of <c>vrrp run</c> for this problem.</summary>
    public int ExitCode => AlreadyRunning ? ExitCodes.AlreadyRunning : ExitCodes.BadInput;

    /// <inheritdoc/>
    public override string ToString() => $"{Path}: {Message}";
}
