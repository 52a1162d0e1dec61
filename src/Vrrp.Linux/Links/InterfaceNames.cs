namespace Vrrp.Linux.Links;

/// <summary>The kernel's rule for an interface name (and an IPv4 address label), checked before any request.</summary>
internal static class InterfaceNames
{
    /// <summary>IFNAMSIZ - 1: the longest interface name or IPv4 address label.</summary>
    public const int MaxLength = 15;

    /// <summary>Whether <paramref name="name"/> can name an interface: 1 to <see cref="MaxLength"/> characters, no '/' or white space.</summary>
    public static bool IsValid(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxLength && !name.Contains('/', StringComparison.Ordinal) && !name.Any(char.IsWhiteSpace);
}
