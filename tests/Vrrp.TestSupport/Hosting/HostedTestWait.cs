namespace Vrrp.TestSupport.Hosting;

internal static class HostedTestWait
{
    public static Task Until(Func<bool> condition) => HostedNode.Until(condition, TimeSpan.FromSeconds(5));
}
