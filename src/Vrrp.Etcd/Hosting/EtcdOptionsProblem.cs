namespace Vrrp.Etcd.Hosting;

/// <summary>One reason <see cref="VrrpEtcdOptions"/> cannot be used.</summary>
/// <param name="OptionName">The option it is about, as named in <see cref="VrrpEtcdOptions"/> (<c>Endpoints</c>, <c>CaCertFile</c>, ...).</param>
/// <param name="Message">What is wrong, in one sentence.</param>
public sealed record EtcdOptionsProblem(string OptionName, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => $"{OptionName}: {Message}";
}
