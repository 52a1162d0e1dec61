namespace Vrrp.Consumer;

/// <summary>Prints one "ok" or "FAILED" line per check and counts the failures, for the exit code.</summary>
internal sealed class Checks
{
    public int Failures { get; private set; }

    /// <summary>Records one check; <paramref name="detail"/> is printed only when it failed.</summary>
    public bool That(bool condition, string what, string? detail = null)
    {
        if (condition)
        {
            Console.WriteLine($"ok: {what}");
        }
        else
        {
            Failures++;
            Console.WriteLine(detail is null ? $"FAILED: {what}" : $"FAILED: {what} ({detail})");
        }

        return condition;
    }
}
