using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using OrleansRpc.Grains.Sessions;
using OrleansRpc.Sessions;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Sessions;

/// <summary>
/// A session grain whose stored record another activation of it wrote meanwhile (two can overlap for a
/// moment while a stopping node hands its grains on: a chaos run saw a write answered -32000 for it). Its
/// write is refused for a stale ETag; it reads the record again and makes its change on what it finds.
/// </summary>
public sealed class SessionWriteConflictTests
{
    [Fact]
    public async Task AWriteRefusedForAStaleVersionIsMadeAgainOnTheStoredRecord()
    {
        await using var server = await GatewayServer.StartAsync();
        var session = server.Services.GetRequiredService<IGrainFactory>().GetGrain<ISessionGrain>("conflict-" + Guid.NewGuid().ToString("N"));
        await session.SetValue("mine", JsonSerializer.SerializeToElement(1));

        // Another writer of the same record, as a second activation would be.
        var storage = server.Services.GetRequiredKeyedService<IGrainStorage>(SessionGrain.StorageName);
        var record = new GrainState<SessionState>(new SessionState());
        await storage.ReadStateAsync("session", session.GetGrainId(), record);
        record.State!.Values["theirs"] = JsonSerializer.SerializeToElement(2);
        await storage.WriteStateAsync("session", session.GetGrainId(), record);

        await session.SetValue("mine", JsonSerializer.SerializeToElement(3));

        Assert.Equal(3, (await session.GetValue("mine"))?.GetInt32());
        Assert.Equal(2, (await session.GetValue("theirs"))?.GetInt32());
        var stored = new GrainState<SessionState>(new SessionState());
        await storage.ReadStateAsync("session", session.GetGrainId(), stored);
        Assert.Equal(3, stored.State!.Values["mine"].GetInt32());
        Assert.Equal(2, stored.State.Values["theirs"].GetInt32());
    }
}
