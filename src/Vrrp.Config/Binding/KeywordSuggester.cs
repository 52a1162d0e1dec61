namespace Vrrp.Config.Binding;

/// <summary>Finds the keyword a typo was probably meant to be, by edit distance over the keyword table.</summary>
internal static class KeywordSuggester
{
    /// <summary>Returns a hint such as <c>did you mean `priority`?</c> or <c>`vrrp_strict` belongs in global_defs</c>, or <see langword="null"/>.</summary>
    public static string? Suggest(KeywordContext context, string unknown)
    {
        if (unknown.Length > 64)
        {
            return null;
        }

        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (KeywordDefinition candidate in KeywordTable.In(context))
        {
            Consider(candidate.Name);
        }

        if (best is not null && bestDistance <= 2 * Threshold(unknown))
        {
            return $"did you mean `{best}`?";
        }

        foreach (KeywordContext other in KeywordTable.AllContexts)
        {
            if (other != context && KeywordTable.GetSupport(other, unknown) != KeywordSupport.Unknown)
            {
                return other == KeywordContext.TopLevel
                    ? $"`{unknown}` is a top-level keyword: is a `}}` missing before it?"
                    : $"`{unknown}` belongs in a {KeywordTable.BlockName(other)} block";
            }
        }

        return null;

        void Consider(string candidate)
        {
            // Scores are doubled edit distances; a keyword the typo is the start of (a truncated keyword) scores 1.
            int distance = 2 * Distance(unknown, candidate);
            if (unknown.Length >= 4 && candidate.StartsWith(unknown, StringComparison.Ordinal))
            {
                distance = Math.Min(distance, 1);
            }

            if (distance < bestDistance || (distance == bestDistance && string.CompareOrdinal(candidate, best) < 0))
            {
                best = candidate;
                bestDistance = distance;
            }
        }
    }

    private static int Threshold(string word) => word.Length switch
    {
        <= 3 => 1,
        <= 9 => 2,
        _ => 3,
    };

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps each cost 1.</summary>
    internal static int Distance(string a, string b)
    {
        var previous2 = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                int value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, previous2[j - 2] + 1);
                }

                current[j] = value;
            }

            (previous2, previous, current) = (previous, current, previous2);
        }

        return previous[b.Length];
    }
}
