using System.Reflection;
using OrleansRpc.Runtime;
using OrleansRpc.Silo.Catalog;

namespace OrleansRpc.Silo.References;

internal sealed class GrainFactory(GrainCatalog catalog) : IGrainFactory
{
    public TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(key);
        var grainClass = catalog.GetGrainClass(typeof(TGrainInterface));
        var reference = DispatchProxy.Create<TGrainInterface, GrainReferenceProxy>();
        ((GrainReferenceProxy)(object)reference).Initialize(grainClass, key, GrainInterfaceInvokers<TGrainInterface>.Map);
        return reference;
    }
}
