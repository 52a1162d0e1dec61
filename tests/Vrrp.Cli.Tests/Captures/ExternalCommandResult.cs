namespace Vrrp.Cli.Tests.Captures;

/// <summary>How an external command ended: its exit code (-1 when killed for running too long) and its output.</summary>
internal sealed record ExternalCommandResult(int ExitCode, string StandardOutput, string StandardError, bool TimedOut);
