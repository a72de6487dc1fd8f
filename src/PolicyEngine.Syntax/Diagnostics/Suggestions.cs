namespace PolicyEngine.Diagnostics;

/// <summary>"Did you mean" suggestions, chosen by edit distance as compilers do for misspelt names.</summary>
public static class Suggestions
{
    public static string? DidYouMean(string given, IEnumerable<string> candidates)
    {
        var best = Closest(given, candidates);
        return best is null ? null : $"Did you mean '{best}'?";
    }

    public static string? Closest(string given, IEnumerable<string> candidates)
    {
        // Edit distance is quadratic; a name this long is no typo of a short one, and could stall the compiler.
        if (given.Length > 100) return null;
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(given.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        // Accept a suggestion only when it is plausibly a typo: at most a third of the name differs.
        return best is not null && bestDistance <= Math.Max(1, given.Length / 3) ? best : null;
    }

    private static int Distance(string a, string b)
    {
        var beforePrevious = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                // A swap of two neighbouring letters ("hihg") counts as one typo, not two.
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    current[j] = Math.Min(current[j], beforePrevious[j - 2] + 1);
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious);
        }
        return previous[b.Length];
    }
}
