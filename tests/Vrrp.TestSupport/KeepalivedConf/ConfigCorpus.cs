namespace Vrrp.TestSupport.KeepalivedConf;

/// <summary>The keepalived.conf corpus (tests/config-corpus, copied next to the tests) and what keepalived 2.2.7 said about it.</summary>
internal static class ConfigCorpus
{
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "config-corpus");

    public static string PathOf(string file) => Path.Combine(Directory, file);

    /// <summary>FILE -> keepalived -t exit code, from manifest.txt.</summary>
    public static IReadOnlyDictionary<string, int> KeepalivedExitCodes { get; } = ReadManifest(out s_hostLine);

    /// <summary>FILE -> why vrrp check-config deliberately disagrees, from known-differences.txt.</summary>
    public static IReadOnlyDictionary<string, string> KnownDifferences { get; } = ReadKnownDifferences();

    /// <summary>The "# host: interfaces=... programs=..." line of the manifest: the host the manifest was recorded on.</summary>
    public static string HostLine => s_hostLine;

    // No initializer: static initializers run in textual order and ReadManifest above has already set it.
    private static string s_hostLine;

    private static Dictionary<string, int> ReadManifest(out string hostLine)
    {
        hostLine = string.Empty;
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string line in File.ReadLines(PathOf("manifest.txt")))
        {
            if (line.StartsWith("# host:", StringComparison.Ordinal))
            {
                hostLine = line;
                continue;
            }

            if (line.StartsWith('#') || line.Length == 0)
            {
                continue;
            }

            string[] parts = line.Split(' ');
            result[parts[0]] = int.Parse(parts[1], CultureInfo.InvariantCulture);
        }

        return result;
    }

    private static Dictionary<string, string> ReadKnownDifferences()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in File.ReadLines(PathOf("known-differences.txt")))
        {
            if (line.StartsWith('#') || line.Length == 0)
            {
                continue;
            }

            int colon = line.IndexOf(':', StringComparison.Ordinal);
            result[line[..colon]] = line[(colon + 1)..].Trim();
        }

        return result;
    }
}
