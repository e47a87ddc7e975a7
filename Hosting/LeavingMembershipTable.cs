using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;

namespace OrleansRpc.Hosting;

/// <summary>
/// The membership table as the cluster's store gives it, except while this silo stops with the store out
/// of reach. Orleans then retries the silo's last status writes (shutting down, stopping, dead) until its
/// stop stages time out, about two minutes in all, so a node asked to stop while Redis is down outlives
/// any service manager's patience. It cannot tell the others through the table anyway; they declare it
/// dead by their probes, as they do a node that was killed. So once the silo stops, a read that fails is
/// answered with the last table read, and a write of this silo's own entry that fails is taken as done:
/// Orleans gossips the new status to the other silos and stops in seconds. (Orleans itself gives up on
/// those writes at once with its development clustering, whose table lives in a silo.)
/// </summary>
internal sealed partial class LeavingMembershipTable(IMembershipTable store, ILocalSiloDetails local, ILogger<LeavingMembershipTable> logger)
    : IMembershipTable, ILifecycleParticipant<ISiloLifecycle>
{
    private volatile bool _stopping;
    private volatile MembershipTableData? _lastRead;
    private int _warned;

    /// <summary>Puts this in place of the store's table that <paramref name="services"/> registered last.</summary>
    public static void Decorate(IServiceCollection services)
    {
        var registered = services.Last(descriptor => descriptor.ServiceType == typeof(IMembershipTable));
        services.Remove(registered);
        services.AddSingleton(provider => new LeavingMembershipTable(
            Resolve(registered, provider),
            provider.GetRequiredService<ILocalSiloDetails>(),
            provider.GetRequiredService<ILogger<LeavingMembershipTable>>()));
        services.AddSingleton<IMembershipTable>(provider => provider.GetRequiredService<LeavingMembershipTable>());
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(provider => provider.GetRequiredService<LeavingMembershipTable>());
    }

    private static IMembershipTable Resolve(ServiceDescriptor registered, IServiceProvider provider) => (IMembershipTable)(
        registered.ImplementationInstance
        ?? registered.ImplementationFactory?.Invoke(provider)
        ?? ActivatorUtilities.CreateInstance(provider, registered.ImplementationType!));

    /// <summary>Stopped first (stages stop from the last), before the membership agent writes its status.</summary>
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(LeavingMembershipTable), ServiceLifecycleStage.Active, _ => Task.CompletedTask, _ =>
        {
            _stopping = true;
            return Task.CompletedTask;
        });

    // Orleans's older, abstract signatures; it calls the ones that take a token.
    Task IMembershipTable.InitializeMembershipTable(bool tryInitTableVersion) => InitializeMembershipTableAsync(tryInitTableVersion, CancellationToken.None);

    Task IMembershipTable.DeleteMembershipTableEntries(string clusterId) => DeleteMembershipTableEntriesAsync(clusterId, CancellationToken.None);

    Task IMembershipTable.CleanupDefunctSiloEntries(DateTimeOffset beforeDate) => CleanupDefunctSiloEntriesAsync(beforeDate, CancellationToken.None);

    Task<MembershipTableData> IMembershipTable.ReadRow(SiloAddress key) => ReadRowAsync(key, CancellationToken.None);

    Task<MembershipTableData> IMembershipTable.ReadAll() => ReadAllAsync(CancellationToken.None);

    Task<bool> IMembershipTable.InsertRow(MembershipEntry entry, TableVersion tableVersion) => InsertRowAsync(entry, tableVersion, CancellationToken.None);

    Task<bool> IMembershipTable.UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion) => UpdateRowAsync(entry, etag, tableVersion, CancellationToken.None);

    Task IMembershipTable.UpdateIAmAlive(MembershipEntry entry) => UpdateIAmAliveAsync(entry, CancellationToken.None);

    public Task InitializeMembershipTableAsync(bool tryInitTableVersion, CancellationToken cancellationToken) =>
        store.InitializeMembershipTableAsync(tryInitTableVersion, cancellationToken);

    public Task DeleteMembershipTableEntriesAsync(string clusterId, CancellationToken cancellationToken) =>
        store.DeleteMembershipTableEntriesAsync(clusterId, cancellationToken);

    public Task CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken) =>
        store.CleanupDefunctSiloEntriesAsync(beforeDate, cancellationToken);

    public Task<MembershipTableData> ReadRowAsync(SiloAddress key, CancellationToken cancellationToken) =>
        store.ReadRowAsync(key, cancellationToken);

    public async Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken)
    {
        try
        {
            var table = await store.ReadAllAsync(cancellationToken);
            _lastRead = table;
            return table;
        }
        catch (Exception ex) when (_stopping && _lastRead is { } last && !cancellationToken.IsCancellationRequested)
        {
            Leaving(ex);
            return last;
        }
    }

    public async Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion tableVersion, CancellationToken cancellationToken)
    {
        try
        {
            return await store.InsertRowAsync(entry, tableVersion, cancellationToken);
        }
        catch (Exception ex) when (IsOwnEntryWhileStopping(entry, cancellationToken))
        {
            Leaving(ex);
            return true;
        }
    }

    public async Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion tableVersion, CancellationToken cancellationToken)
    {
        try
        {
            return await store.UpdateRowAsync(entry, etag, tableVersion, cancellationToken);
        }
        catch (Exception ex) when (IsOwnEntryWhileStopping(entry, cancellationToken))
        {
            Leaving(ex);
            return true;
        }
    }

    public async Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            await store.UpdateIAmAliveAsync(entry, cancellationToken);
        }
        catch (Exception ex) when (IsOwnEntryWhileStopping(entry, cancellationToken))
        {
            Leaving(ex);
        }
    }

    // Another silo's entry (a suspicion, a death declared) is never taken as written: the table must say it.
    private bool IsOwnEntryWhileStopping(MembershipEntry entry, CancellationToken cancellationToken) =>
        _stopping && entry.SiloAddress.Equals(local.SiloAddress) && !cancellationToken.IsCancellationRequested;

    private void Leaving(Exception ex)
    {
        if (Interlocked.Exchange(ref _warned, 1) == 0)
        {
            LogLeavingWithoutTable(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The membership table cannot be reached while this silo stops: its entry stays as it was, and the other silos will declare it dead when their probes fail, as after a crash.")]
    private static partial void LogLeavingWithoutTable(ILogger logger, Exception exception);
}
