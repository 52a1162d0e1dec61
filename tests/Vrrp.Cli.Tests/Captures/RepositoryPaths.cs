namespace Vrrp.Cli.Tests.Captures;

/// <summary>Finds the committed captures and the interop scripts from the test's output directory.</summary>
internal static class RepositoryPaths
{
    private const string CaptureScript = "tests/scripts/capture-keepalived.sh";

    /// <summary>Gets the committed captures: copied next to the tests, else read from the repository.</summary>
    public static string CommittedCaptures
    {
        get
        {
            string copied = Path.Combine(AppContext.BaseDirectory, "samples", "captures");
            if (Directory.Exists(copied))
            {
                return copied;
            }

            return Path.Combine(Root ?? throw new DirectoryNotFoundException(
                $"no samples/captures next to the tests ({AppContext.BaseDirectory}) and no repository above them"), "samples", "captures");
        }
    }

    /// <summary>Gets the repository root (the directory holding <c>tests/scripts/capture-keepalived.sh</c>), or null.</summary>
    public static string? Root
    {
        get
        {
            for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, CaptureScript)))
                {
                    return directory.FullName;
                }
            }

            return null;
        }
    }

    /// <summary>Returns the path of a script in <c>tests/scripts</c>, or null when the repository is not found.</summary>
    public static string? Script(string name) => Root is string root ? Path.Combine(root, "tests", "scripts", name) : null;
}
