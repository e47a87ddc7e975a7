using OrleansRpc.Gateway;

GatewayApplication.Build(args).Run();
