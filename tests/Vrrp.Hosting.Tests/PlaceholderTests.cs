using Xunit;

namespace Vrrp.Hosting.Tests;

// Replaced by the hosting tests; keeps the test runner from failing on a project with no tests.
public sealed class PlaceholderTests
{
    [Fact]
    public void HostingAssembly_Loads() => Assert.Equal("Vrrp.Hosting", typeof(Vrrp.Hosting.HostingAssemblyMarker).Assembly.GetName().Name);
}
