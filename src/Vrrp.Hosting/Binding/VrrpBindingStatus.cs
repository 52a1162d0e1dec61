namespace Vrrp.Hosting.Binding;

/// <summary>The state of an instance's VIP commands (<see cref="VrrpInstanceRegistry.GetBinding"/>).</summary>
/// <param name="State">Where the commands stand.</param>
/// <param name="Attempts">How many times the command of the current state has run (0 before the first run).</param>
/// <param name="Since">When <paramref name="State"/> was entered, on the host's <see cref="TimeProvider"/>.</param>
/// <param name="LastError">The last failure (<c>take: exit code 1</c>), or null when the last command succeeded.</param>
/// <param name="LastOutput">The last lines the last command printed (standard output and error), or null.</param>
public sealed record VrrpBindingStatus(VrrpBindingState State, int Attempts, DateTimeOffset Since, string? LastError, string? LastOutput);
