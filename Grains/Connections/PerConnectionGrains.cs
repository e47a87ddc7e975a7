using System.Diagnostics.CodeAnalysis;
using Orleans;
using Orleans.Metadata;
using Orleans.Runtime;
using OrleansRpc.Connections;
using OrleansRpc.Grains.Placement;
using OrleansRpc.Rpc;

namespace OrleansRpc.Grains.Connections;

/// <summary>
/// Marks the grain classes that live per connection: the connection grain, and every class implementing
/// an RPC interface whose key is the connection (<see cref="RpcKeyKind.Connection"/>, the default). Such
/// a class is placed on the node that holds the socket (<see cref="ConnectionPlacement"/>, in place of the
/// class's own placement), and each of its activations is recorded in <see cref="ConnectionActivations"/>.
/// </summary>
internal sealed class PerConnectionGrains(ConnectionActivations activations) : IGrainPropertiesProvider, IConfigureGrainContextProvider
{
    private const string PerConnection = "orpc-per-connection";

    public void Populate(Type grainClass, GrainType grainType, Dictionary<string, string> properties)
    {
        if (!IsPerConnection(grainClass))
        {
            return;
        }

        properties[PerConnection] = "true";
        properties[WellKnownGrainTypeProperties.PlacementStrategy] = nameof(ConnectionPlacement);
    }

    public bool TryGetConfigurator(GrainType grainType, GrainProperties properties, [NotNullWhen(true)] out IConfigureGrainContext? configurator)
    {
        configurator = properties.Properties.ContainsKey(PerConnection) ? new Recorder(activations) : null;
        return configurator is not null;
    }

    public static bool IsPerConnection(Type grainClass)
    {
        if (typeof(IConnectionGrain).IsAssignableFrom(grainClass))
        {
            return true;
        }

        foreach (var contract in grainClass.GetInterfaces())
        {
            if (RpcGrainKeys.Of(contract) is { Kind: RpcKeyKind.Connection } && RpcGrainKeys.HasRpcMethods(contract))
            {
                return true;
            }
        }

        return false;
    }

    private sealed class Recorder(ConnectionActivations activations) : IConfigureGrainContext
    {
        public void Configure(IGrainContext context)
        {
            activations.Add(context);
            context.ObservableLifecycle.Subscribe(
                nameof(PerConnectionGrains),
                GrainLifecycleStage.First,
                static _ => Task.CompletedTask,
                _ =>
                {
                    activations.Remove(context);
                    return Task.CompletedTask;
                });
        }
    }
}
