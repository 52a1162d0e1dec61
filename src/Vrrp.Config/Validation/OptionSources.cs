namespace Vrrp.Config.Validation;

/// <summary>Looks up where an option came from by its path (<c>Instances:VI_1:Priority</c>), or its nearest enclosing path.</summary>
internal static class OptionSources
{
    /// <summary>Finds <paramref name="path"/> in <paramref name="map"/>, else its parent paths, nearest first.</summary>
    public static bool TryLocate<T>(IReadOnlyDictionary<string, T> map, string? path, out T value)
    {
        while (!string.IsNullOrEmpty(path))
        {
            if (map.TryGetValue(path, out T? found))
            {
                value = found;
                return true;
            }

            int colon = path.LastIndexOf(':');
            path = colon < 0 ? null : path[..colon];
        }

        value = default!;
        return false;
    }
}
