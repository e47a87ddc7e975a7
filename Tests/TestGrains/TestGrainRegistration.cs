using OrleansRpc.Gateway.Hosting;
using OrleansRpc.Tests.TestGrains.Gateway;
using OrleansRpc.Tests.TestGrains.Readme;

namespace OrleansRpc.Tests.TestGrains;

/// <summary>
/// The test grain interfaces the gateway tests call. Orleans hosts every grain class of this assembly;
/// the duplicate-name interfaces are left out of the method table on purpose.
/// </summary>
public static class TestGrainRegistration
{
    public static JsonRpcOptions AddTo(JsonRpcOptions options) => options
        .AddGrainInterface<IProbeGrain>()
        .AddGrainInterface<IProgressProbeGrain>()
        .AddGrainInterface<IStreamProbeGrain>()
        .AddGrainInterface<IRoomGrain>()
        .AddGrainInterface<ICounterGrain>()
        .AddGrainInterface<ISessionNotesGrain>()
        .AddGrainInterface<IAdminGrain>()
        .AddGrainInterface<IChatRoomGrain>()
        .AddGrainInterface<IProfileGrain>()
        .AddGrainInterface<IChatGrain>();
}
