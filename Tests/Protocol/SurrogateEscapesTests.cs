using System.Text;
using OrleansRpc.Gateway.Protocol;

namespace OrleansRpc.Tests.Protocol;

public sealed class SurrogateEscapesTests
{
    [Theory]
    [InlineData(@"""\ud800""")]
    [InlineData(@"""\uDBFF""")]
    [InlineData(@"""\udc00""")]
    [InlineData(@"""\uDFFF\uD800""")]
    [InlineData(@"""\ud800\ud800""")]
    [InlineData(@"""\ud800\u0041""")]
    [InlineData(@"""\ud800x""")]
    [InlineData(@"""\ud800")]
    [InlineData(@"""\\\ud800""")]
    [InlineData(@"""\n\t\ud83d\ude00 \udc00""")]
    public void FindsALoneSurrogate(string json) => Assert.True(SurrogateEscapes.ContainLone(Encoding.UTF8.GetBytes(json)));

    [Theory]
    [InlineData(@"""plain""")]
    [InlineData(@"""\ud83d\ude00""")]
    [InlineData(@"""\uD83D\uDE00\u00e9""")]
    [InlineData(@"""\\ud800""")]
    [InlineData(@"""\\\\ud800""")]
    [InlineData(@"""\u12""")]
    [InlineData(@"""\u12g4""")]
    [InlineData(@"""\""")]
    [InlineData(@"\")]
    [InlineData(@"""\ud83d\ude00\""")]
    public void PassesText(string json) => Assert.False(SurrogateEscapes.ContainLone(Encoding.UTF8.GetBytes(json)));
}
