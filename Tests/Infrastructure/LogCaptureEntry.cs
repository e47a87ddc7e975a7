using Microsoft.Extensions.Logging;

namespace OrleansRpc.Tests.Infrastructure;

public sealed record LogCaptureEntry(string Category, LogLevel Level, string Message);
