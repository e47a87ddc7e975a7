using Microsoft.Extensions.Options;

namespace OrleansRpc.Grains.Storage;

/// <summary>
/// Tells an exception of a grain storage that cannot be reached (a call that needed it answers -32005)
/// from any other failure. The storage providers a host adds name their exceptions here
/// (<see cref="StorageFailureOptions"/>), so that the grains and the gateway depend on none of them.
/// </summary>
public sealed class StorageFailures(IOptions<StorageFailureOptions> options)
{
    private readonly Type[] _types = [.. options.Value.ExceptionTypes];

    /// <summary>Looks through the exception's inner ones: Orleans wraps a provider's failure in its own.</summary>
    public bool Includes(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            foreach (var type in _types)
            {
                if (type.IsInstanceOfType(current))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
