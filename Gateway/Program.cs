using OrleansRpc.Demo;

DemoApplication.Build(args).Run();
