using Orleans.Runtime;
using OrleansRpc.Gateway.Dispatch;

namespace OrleansRpc.Tests.Dispatch;

/// <summary>
/// Which of Orleans's rejections say a call never reached a grain. <see cref="SiloUnavailableException"/>
/// says so or not by its message alone; the first test holds Orleans to its default message, so that a
/// change there shows here. A message not known here counts as "may have run", which never runs a call twice.
/// </summary>
public sealed class UndeliveredCallTests
{
    [Fact]
    public void AMessageRefusedForADeadNodeOrUnsentOnItsConnectionNeverRan()
    {
        // Orleans raises these with the exception's default message (MessageCenter, SiloConnection.FailMessage).
        var refused = new SiloUnavailableException();

        Assert.Equal("Silo unavailable", refused.Message);
        Assert.True(UndeliveredCall.NeverRan(refused));
    }

    [Fact]
    public void AMessageAStoppingNodeCouldNotPlaceAgainNeverRan() =>
        Assert.True(UndeliveredCall.NeverRan(new SiloUnavailableException("Silo 'S127.0.0.1:11111:123456789' is shutting down.")));

    [Fact]
    public void ACallThatWasOutWhenItsNodeWentAwayMayHaveRun() =>
        Assert.False(UndeliveredCall.NeverRan(new SiloUnavailableException("The target silo became unavailable for message: Request [...]. Target History is: .")));

    [Fact]
    public void AnUnavailableNodeInWordsNotKnownHereMayHaveRun() =>
        Assert.False(UndeliveredCall.NeverRan(new SiloUnavailableException("gone")));

    [Fact]
    public void WhatTheGrainItselfThrewRan() =>
        Assert.False(UndeliveredCall.NeverRan(new InvalidOperationException("Silo unavailable")));

    [Fact]
    public void ARefusedCallThatRanOutOfRetriesSaysItDidNotRun()
    {
        var error = ErrorMapper.ToError(new SiloUnavailableException(), detailed: false, new Grains.Storage.StorageFailures(Microsoft.Extensions.Options.Options.Create(new Grains.Storage.StorageFailureOptions())));

        Assert.Equal(Rpc.JsonRpcErrorCodes.NodeUnavailable, error.Code);
        Assert.Contains("did not run", error.Data as string, StringComparison.Ordinal);
    }
}
