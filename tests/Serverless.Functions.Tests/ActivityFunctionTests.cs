using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;
using Serverless.Platforms;
using Xunit;

namespace Serverless.Functions.Tests;

/// <summary>An activity-trigger function creates its activity from the invocation's services and runs it.</summary>
public sealed class ActivityFunctionTests
{
    [Fact]
    public async Task ReadServerStatus_GetsThePlatformFromTheInvocationsServices_AndReportsWhereTheServerListens()
    {
        var platform = Substitute.For<IDatabasePlatform>();
        platform.GetStatusAsync("i-1", Arg.Any<CancellationToken>())
            .Returns(new ServerStatus("i-1", ServerState.Running, new ServerEndpoint("127.0.0.9", 3306, TlsCaCertificatePath: null), 3L * 1024 * 1024 * 1024, 10L * 1024 * 1024 * 1024, Message: null));
        var context = Substitute.For<FunctionContext>();
        context.InstanceServices = new ServiceCollection().AddSingleton(platform).BuildServiceProvider();

        var summary = await ActivityFunctions.ReadServerStatus("i-1", context);

        Assert.Equal(("127.0.0.9", 3306, 3.0), (summary.Host, summary.Port, summary.VolumeUsedGigabytes));
    }

    [Fact]
    public async Task ReadServerStatus_OfAStoppedServer_Fails_WithTheReason()
    {
        var platform = Substitute.For<IDatabasePlatform>();
        platform.GetStatusAsync("i-2", Arg.Any<CancellationToken>())
            .Returns(new ServerStatus("i-2", ServerState.Stopped, Endpoint: null, 0, 0, "stopped by hand"));
        var context = Substitute.For<FunctionContext>();
        context.InstanceServices = new ServiceCollection().AddSingleton(platform).BuildServiceProvider();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => ActivityFunctions.ReadServerStatus("i-2", context));

        Assert.Contains("stopped by hand", failure.Message, StringComparison.Ordinal);
    }
}
