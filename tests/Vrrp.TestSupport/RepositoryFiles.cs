namespace Vrrp.TestSupport;

/// <summary>Finds what the repository holds (docs, the config corpus) from the test's output directory, walking up.</summary>
internal static class RepositoryFiles
{
    /// <summary>Returns the path of <paramref name="relativePath"/>, a file or a directory, in the nearest directory above the tests that holds it.</summary>
    /// <param name="relativePath">The path from the repository root, one segment per argument.</param>
    /// <returns>The full path.</returns>
    /// <exception cref="FileNotFoundException">No directory above the tests holds it.</exception>
    public static string Find(params string[] relativePath)
    {
        string relative = Path.Combine(relativePath);
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, relative);
            if (File.Exists(candidate) || Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{relative} not found above {AppContext.BaseDirectory}");
    }
}
