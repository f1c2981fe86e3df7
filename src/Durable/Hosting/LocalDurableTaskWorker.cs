using Azure;
using Azure.Storage.Queues;
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
/// <remarks>
/// After a storage outage the provider (DurableTask.AzureStorage 2.11.2) does not recover in memory: an activity whose
/// completion or abandon failed while storage was gone stays in its table of active activity sessions (the entry is
/// removed only after those storage calls succeed), so when the message reappears it is refused as "being processed
/// multiple times concurrently" for as long as the process lives. The worker therefore checks every
/// <see cref="DurableRuntimeOptions.StorageProbeInterval"/> that storage answers, and once it answers again after two failed
/// checks in a row it stops its engine (forced) and starts a new one on a new provider instance: what a host restart did, without
/// stopping the process, its API or its database servers. The same worker id takes the partition leases over at once.
/// </remarks>
internal sealed partial class LocalDurableTaskWorker : DurableTaskWorker
{
    // A stop of the old engine that hangs on its broken state must not keep the new one from starting.
    private static readonly TimeSpan RecycleStopTimeout = TimeSpan.FromSeconds(30);

    private readonly RegistryObjectManager<TaskOrchestration> _orchestrations;
    private readonly RegistryObjectManager<CoreTaskActivity> _activities;
    private readonly DurableRuntimeOptions _runtime;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _engineGate = new(1, 1);
    private TaskHubWorker _hub;
    private AzureStorageOrchestrationService _service;

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
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<LocalDurableTaskWorker>();
        var shims = new DurableTaskShimFactory(options.Get(name), loggerFactory);
        _orchestrations = new RegistryObjectManager<TaskOrchestration>(orchestratorName =>
            factory.TryCreateOrchestrator(orchestratorName, services, out var orchestrator)
                ? new ParentAwareTaskOrchestration(parent => shims.CreateOrchestration(orchestratorName, orchestrator, parent))
                : null);
        _activities = new RegistryObjectManager<CoreTaskActivity>(activityName =>
            new ScopedTaskActivity(activityName, factory, services, shims));
        _hub = CreateHub(service);
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
        await _engineGate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            // Forced: work in flight is abandoned rather than awaited (a backup may take minutes). Its messages become
            // visible again after the visibility timeout and the work runs again, which activities are written to allow.
            await _hub.StopAsync(isForced: true).ConfigureAwait(false);
        }
        finally
        {
            _engineGate.Release();
        }

        LogStopped(_logger, _runtime.TaskHubName);
    }

    public override void Dispose()
    {
        _hub.Dispose();
        _engineGate.Dispose();
        base.Dispose();
    }

    // The framework's dispatchers run on their own from StartAsync to StopAsync; this only watches the storage account.
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_runtime.StorageProbeInterval <= TimeSpan.Zero)
        {
            return;
        }

        var probeOptions = new QueueClientOptions();
        probeOptions.Retry.MaxRetries = 0;
        probeOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        var probe = new QueueServiceClient(_runtime.StorageConnectionString, probeOptions);
        // Two failed checks in a row make an outage: one slow answer of a loaded storage emulator does not, and a fresh
        // engine is not free (work in flight runs again once its messages reappear).
        var failed = 0;
        using var timer = new PeriodicTimer(_runtime.StorageProbeInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (!await AnswersAsync(probe, stoppingToken).ConfigureAwait(false))
                {
                    if (++failed == 2)
                    {
                        LogStorageLost(_logger, _runtime.TaskHubName);
                    }
                }
                else
                {
                    if (failed >= 2)
                    {
                        await RecycleAsync(stoppingToken).ConfigureAwait(false);
                    }

                    failed = 0;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host stops.
        }
    }

    private static async Task<bool> AnswersAsync(QueueServiceClient probe, CancellationToken cancellationToken)
    {
        try
        {
            await probe.GetPropertiesAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is RequestFailedException or HttpRequestException or IOException or TimeoutException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    /// <summary>Replaces the engine by a fresh one on a new provider instance, which holds none of the old one's memory.</summary>
    private async Task RecycleAsync(CancellationToken cancellationToken)
    {
        await _engineGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            LogRecycling(_logger, _runtime.TaskHubName);
            var old = _hub;
            var stopped = old.StopAsync(isForced: true);
            if (await Task.WhenAny(stopped, Task.Delay(RecycleStopTimeout, cancellationToken)).ConfigureAwait(false) != stopped)
            {
                LogOldEngineSlow(_logger, _runtime.TaskHubName, RecycleStopTimeout.TotalSeconds);
            }

            _service = new AzureStorageOrchestrationService(DurableRuntimeServiceCollectionExtensions.ServiceSettings(_runtime, _loggerFactory));
            _hub = CreateHub(_service);
            await _service.CreateIfNotExistsAsync().ConfigureAwait(false);
            await _hub.StartAsync().ConfigureAwait(false);
            LogStarted(_logger, _runtime.TaskHubName, _runtime.WorkerId, _runtime.PartitionCount);
        }
        finally
        {
            _engineGate.Release();
        }
    }

    private TaskHubWorker CreateHub(AzureStorageOrchestrationService service)
    {
        var hub = new TaskHubWorker(service, _orchestrations, _activities, _loggerFactory)
        {
            // What the Microsoft.DurableTask shims expect: failures travel as FailureDetails, not serialized exceptions.
            ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails,
        };
        hub.AddOrchestrationDispatcherMiddleware((context, next) =>
        {
            if (context.GetProperty<TaskOrchestration>() is ParentAwareTaskOrchestration orchestration
                && context.GetProperty<OrchestrationRuntimeState>()?.ParentInstance is { } parent)
            {
                orchestration.Parent = new ParentOrchestrationInstance(parent.Name, parent.OrchestrationInstance.InstanceId);
            }

            return next();
        });
        return hub;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The storage account of task hub {TaskHub} does not answer; the durable engine is started afresh once it does.")]
    private static partial void LogStorageLost(ILogger logger, string taskHub);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The storage account of task hub {TaskHub} answers again: starting the durable engine afresh (the provider does not recover in memory).")]
    private static partial void LogRecycling(ILogger logger, string taskHub);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The old durable engine of task hub {TaskHub} did not stop within {Seconds} s; starting the new one anyway.")]
    private static partial void LogOldEngineSlow(ILogger logger, string taskHub, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Durable worker started on task hub {TaskHub} as {WorkerId} ({Partitions} partition(s)).")]
    private static partial void LogStarted(ILogger logger, string taskHub, string workerId, int partitions);

    [LoggerMessage(Level = LogLevel.Information, Message = "Durable worker stopped on task hub {TaskHub}.")]
    private static partial void LogStopped(ILogger logger, string taskHub);
}
