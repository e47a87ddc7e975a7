using OrleansRpc.Silo.Hosting;
using OrleansRpc.Tests.TestGrains.Gateway;

namespace OrleansRpc.Tests.TestGrains;

/// <summary>The test grains the gateway tests call. The duplicate-name grains are left out on purpose.</summary>
public static class TestGrainRegistration
{
    public static SiloBuilder AddTo(SiloBuilder silo) => silo
        .AddGrain<ProbeGrain>()
        .AddGrain<RoomGrain>()
        .AddGrain<CounterGrain>()
        .AddGrain<SessionNotesGrain>()
        .AddGrain<AdminGrain>()
        .AddGrain<Readme.ChatRoomGrain>()
        .AddGrain<Readme.ProfileGrain>()
        .AddGrain<Readme.ChatGrain>();
}
