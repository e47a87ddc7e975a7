using System.Globalization;

namespace OrleansRpc.Benchmarks.Load;

/// <summary>What raising the open-file limit came to: the soft limit before and after, and what refused it, if anything did.</summary>
internal sealed record FileLimitRaise(ulong Before, ulong After, ulong Wanted, string? Refusal)
{
    public bool Reached => After >= Wanted;

    public string Describe()
    {
        if (!Reached)
        {
            return string.Create(CultureInfo.InvariantCulture, $"The load generator could not raise the file limit to {Wanted:N0}, for itself and the processes it starts: {Refusal}. It is {After:N0}.");
        }

        return Before >= Wanted
            ? string.Create(CultureInfo.InvariantCulture, $"The file limit was {After:N0} already, for the load generator and the processes it starts.")
            : string.Create(CultureInfo.InvariantCulture, $"The load generator raised the file limit from {Before:N0} to {After:N0}, for itself and the processes it starts.");
    }
}
