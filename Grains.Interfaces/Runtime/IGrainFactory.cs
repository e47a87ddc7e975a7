namespace OrleansRpc.Runtime;

/// <summary>Hands out grain references. A reference is cheap; the grain is activated by its first call.</summary>
public interface IGrainFactory
{
    TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey;
}
