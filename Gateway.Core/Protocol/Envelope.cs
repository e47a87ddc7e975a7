using System.Text.Json;
using OrleansRpc.Gateway.Methods;

namespace OrleansRpc.Gateway.Protocol;

/// <summary>
/// What one request object says, read in a single pass: which members it has, whether their types are
/// right, the method it names, and where its id and params lie in the message's bytes.
/// </summary>
internal struct Envelope
{
    public bool IsObject;
    public bool HasVersion;
    public bool VersionIs20;
    public bool HasMethod;
    public bool MethodIsString;
    public bool MethodIsReserved;

    /// <summary>The method is <c>$/cancelRequest</c>, which the dispatcher answers itself (<see cref="Dispatch.CallCancellations"/>).</summary>
    public bool IsCancelRequest;

    /// <summary>Where the method's name (a JSON string, quotes included) is, to name it in "Method not found".</summary>
    public int MethodStart;
    public int MethodLength;
    public RpcMethod? Method;
    public bool HasId;
    public bool IdIsValid;
    public bool IdIsNull;
    public int IdStart;
    public int IdLength;
    public bool HasParams;
    public JsonTokenType ParamsToken;
    public int ParamsStart;
    public int ParamsLength;

    public readonly JsonRpcVersion Version => HasVersion ? JsonRpcVersion.V2 : JsonRpcVersion.V1;
}
