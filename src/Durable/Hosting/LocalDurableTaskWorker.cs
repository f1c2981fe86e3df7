using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Hosting;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using CoreTaskActivity = DurableTask.Core.TaskActivity;

namespace Serverless.Durable.Hosting;

/// <summary>
/// A Microsoft.DurableTask worker whose engine is the Durable Task Framework's <see cref="TaskHubWorker"/> on the
/// Azure Storage provider: orchestrators and activities registered with <c>AddTasks</c> run through the public
/// <see cref="DurableTaskShimFactory"/>, exactly the classes the Functions host runs in Azure.
/// </summary>
internal sealed partial class LocalDurableTaskWorker : DurableTaskWorker
{
    private readonly TaskHubWorker _hub;
    private readonly AzureStorageOrchestrationService _service;
    private readonly DurableRuntimeOptions _runtime;
    private readonly ILogger _logger;

    public LocalDurableTaskWorker(
        string name,
        IDurableTaskFactory factory,
        IOptionsMonitor<DurableTaskWorkerOptions> options,
        AzureStorageOrchestrationService service,
        DurableRuntimeOptions runtime,
        IServiceProvider services,
        ILoggerFactory loggerFactory)
        : base(name, factory)
    {
        _service = service;
        _runtime = runtime;
        _logger = loggerFactory.CreateLogger<LocalDurableTaskWorker>();
        var shims = new DurableTaskShimFactory(options.Get(name), loggerFactory);
        var orchestrations = new RegistryObjectManager<TaskOrchestration>(orchestratorName =>
            factory.TryCreateOrchestrator(orchestratorName, services, out var orchestrator)
                ? new ParentAwareTaskOrchestration(parent => shims.CreateOrchestration(orchestratorName, orchestrator, parent))
                : null);
        var activities = new RegistryObjectManager<CoreTaskActivity>(activityName =>
            new ScopedTaskActivity(activityName, factory, services, shims));
        _hub = new TaskHubWorker(service, orchestrations, activities, loggerFactory)
        {
            // What the Microsoft.DurableTask shims expect: failures travel as FailureDetails, not serialized exceptions.
            ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails,
        };
        _hub.AddOrchestrationDispatcherMiddleware((context, next) =>
        {
            if (context.GetProperty<TaskOrchestration>() is ParentAwareTaskOrchestration orchestration
                && context.GetProperty<OrchestrationRuntimeState>()?.ParentInstance is { } parent)
            {
                orchestration.Parent = new ParentOrchestrationInstance(parent.Name, parent.OrchestrationInstance.InstanceId);
            }

            return next();
        });
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await _service.CreateIfNotExistsAsync().ConfigureAwait(false);
        await _hub.StartAsync().ConfigureAwait(false);
        LogStarted(_logger, _runtime.TaskHubName, _runtime.WorkerId, _runtime.PartitionCount);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);

        // Forced: work in flight is abandoned rather than awaited (a backup may take minutes). Its messages become
        // visible again after the visibility timeout and the work runs again, which activities are written to allow.
        await _hub.StopAsync(isForced: true).ConfigureAwait(false);
        LogStopped(_logger, _runtime.TaskHubName);
    }

    public override void Dispose()
    {
        _hub.Dispose();
        base.Dispose();
    }

    // Nothing runs here: StartAsync started the framework's dispatchers, which run on their own until StopAsync.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Durable worker started on task hub {TaskHub} as {WorkerId} ({Partitions} partition(s)).")]
    private static partial void LogStarted(ILogger logger, string taskHub, string workerId, int partitions);

    [LoggerMessage(Level = LogLevel.Information, Message = "Durable worker stopped on task hub {TaskHub}.")]
    private static partial void LogStopped(ILogger logger, string taskHub);
}
