namespace OrleansRpc.Silo.Catalog;

internal enum ActivationState
{
    Created,
    Valid,
    Deactivating,
    Deactivated,
}
