namespace OrleansRpc.Benchmarks.Load;

/// <summary>
/// A ratio of two variants run next to each other, once per repetition: the median of the per-repetition
/// ratios, and the lowest and highest of them, which show how far one pair can stray on this machine.
/// </summary>
internal readonly record struct PairedRatio(double Median, double Low, double High);
