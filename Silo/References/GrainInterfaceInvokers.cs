using System.Collections.Frozen;
using System.Reflection;

namespace OrleansRpc.Silo.References;

/// <summary>The invokers of one grain interface, inherited interfaces included, built on first use.</summary>
internal static class GrainInterfaceInvokers<TGrainInterface>
{
    public static readonly FrozenDictionary<MethodInfo, ProxyMethodInvoker> Map =
        new[] { typeof(TGrainInterface) }
            .Concat(typeof(TGrainInterface).GetInterfaces())
            .SelectMany(contract => contract.GetMethods())
            .ToFrozenDictionary(method => method, ProxyMethodInvoker.Create);
}
