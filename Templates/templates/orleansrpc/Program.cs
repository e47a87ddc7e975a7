using MyService.Greetings;
using OrleansRpc.Gateway;
using OrleansRpc.Gateway.Hosting;

// The gateway and an embedded Orleans silo in one process: WebSocket on /ws, HTTP POST on /rpc, and the
// OpenRPC document on /openrpc.json. It serves the RPC methods of the grain interfaces listed here.
var app = GatewayApplication.Build(args, builder =>
    builder.Services.Configure<JsonRpcOptions>(o => o.AddGrainInterface<IGreeterGrain>()));
app.Run();
