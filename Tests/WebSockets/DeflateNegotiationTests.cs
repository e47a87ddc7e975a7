using Microsoft.Extensions.Primitives;
using OrleansRpc.Gateway.WebSockets.Compression;

namespace OrleansRpc.Tests.WebSockets;

/// <summary>The permessage-deflate offers a server meets (RFC 7692 §7.1), and what it answers to each.</summary>
public sealed class DeflateNegotiationTests
{
    [Theory]
    // Chromium's offer, and Firefox's.
    [InlineData("permessage-deflate; client_max_window_bits", "permessage-deflate; server_no_context_takeover", true, 15)]
    [InlineData("permessage-deflate", "permessage-deflate; server_no_context_takeover", true, 15)]
    [InlineData("Permessage-Deflate ;  Client_Max_Window_Bits=10 ", "permessage-deflate; server_no_context_takeover", true, 15)]
    [InlineData("permessage-deflate; server_no_context_takeover; client_no_context_takeover", "permessage-deflate; server_no_context_takeover; client_no_context_takeover", false, 15)]
    [InlineData("permessage-deflate; server_max_window_bits=10", "permessage-deflate; server_no_context_takeover; server_max_window_bits=10", true, 10)]
    [InlineData("permessage-deflate; server_max_window_bits=\"12\"", "permessage-deflate; server_no_context_takeover; server_max_window_bits=12", true, 12)]
    // The first offer it can honour wins.
    [InlineData("x-webkit-deflate-frame, permessage-deflate; server_max_window_bits=16, permessage-deflate; server_max_window_bits=9", "permessage-deflate; server_no_context_takeover; server_max_window_bits=9", true, 9)]
    public void TheFirstValidOfferIsAcceptedWithServerNoContextTakeover(string offer, string answer, bool clientContextTakeover, int serverMaxWindowBits)
    {
        Assert.True(DeflateNegotiation.TryAgree(new StringValues(offer), allowClientContextTakeover: true, out var agreement, out var response));
        Assert.Equal(answer, response);
        Assert.Equal(new DeflateAgreement(clientContextTakeover, serverMaxWindowBits), agreement);
    }

    [Theory]
    [InlineData("")]
    [InlineData("x-webkit-deflate-frame")]
    [InlineData("permessage-deflate; server_max_window_bits")]
    [InlineData("permessage-deflate; server_max_window_bits=7")]
    [InlineData("permessage-deflate; server_max_window_bits=16")]
    [InlineData("permessage-deflate; server_max_window_bits=010")]
    [InlineData("permessage-deflate; client_max_window_bits=abc")]
    [InlineData("permessage-deflate; server_no_context_takeover=1")]
    [InlineData("permessage-deflate; client_no_context_takeover; client_no_context_takeover")]
    [InlineData("permessage-deflate; server_max_window_bits=10; server_max_window_bits=11")]
    [InlineData("permessage-deflate; mystery")]
    public void AnOfferThatBreaksTheRulesIsDeclined(string offer)
    {
        Assert.False(DeflateNegotiation.TryAgree(new StringValues(offer), allowClientContextTakeover: true, out _, out _));
    }

    [Fact]
    public void OffersMaySpreadOverSeveralHeaderLines()
    {
        Assert.True(DeflateNegotiation.TryAgree(new StringValues(["x-unknown", "permessage-deflate"]), allowClientContextTakeover: true, out _, out var response));
        Assert.Equal("permessage-deflate; server_no_context_takeover", response);
    }

    [Fact]
    public void AServerThatKeepsNoInflatersAsksForClientNoContextTakeoverUnoffered()
    {
        Assert.True(DeflateNegotiation.TryAgree(new StringValues("permessage-deflate; client_max_window_bits"), allowClientContextTakeover: false, out var agreement, out var response));
        Assert.Equal("permessage-deflate; server_no_context_takeover; client_no_context_takeover", response);
        Assert.False(agreement.ClientContextTakeover);
    }
}
