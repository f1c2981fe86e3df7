using DurableTask.AzureStorage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.Durable.Hosting;

namespace Serverless.Durable;

/// <summary>Registers the local durable runtime: worker and client over one Azure Storage task hub.</summary>
public static class DurableRuntimeServiceCollectionExtensions
{
    /// <summary>
    /// Adds a Microsoft.DurableTask worker (a hosted service) and <see cref="DurableTaskClient"/> that run on the Durable
    /// Task Framework's <c>TaskHubWorker</c> with the Azure Storage provider, outside the Functions host. The worker runs
    /// what <paramref name="configureTasks"/> registers; both sides serialize payloads with <paramref name="dataConverter"/>.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="options">The storage account, task hub and tuning.</param>
    /// <param name="dataConverter">The payload serializer, shared by worker and client.</param>
    /// <param name="configureTasks">Registers the orchestrators and activities.</param>
    /// <returns>The same collection, for chaining.</returns>
    public static IServiceCollection AddLocalDurableRuntime(
        this IServiceCollection services, DurableRuntimeOptions options, DataConverter dataConverter, Action<DurableTaskRegistry> configureTasks)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(dataConverter);
        ArgumentNullException.ThrowIfNull(configureTasks);
        services.AddSingleton(options);
        services.AddSingleton(provider => new AzureStorageOrchestrationService(ServiceSettings(options, provider.GetRequiredService<ILoggerFactory>())));
        services.AddDurableTaskWorker(builder => builder
            .AddTasks(configureTasks)
            .Configure(worker => worker.DataConverter = dataConverter)
            .UseBuildTarget<LocalDurableTaskWorker>());
        services.AddDurableTaskClient(builder => builder
            .Configure(client => client.DataConverter = dataConverter)
            .UseBuildTarget<LocalDurableTaskClient>());
        return services;
    }

    /// <summary>The provider's settings for these options: one place, for the first engine and every fresh one.</summary>
    internal static AzureStorageOrchestrationServiceSettings ServiceSettings(DurableRuntimeOptions options, ILoggerFactory loggerFactory) => new()
    {
        StorageAccountClientProvider = new StorageAccountClientProvider(options.StorageConnectionString),
        TaskHubName = options.TaskHubName,
        WorkerId = options.WorkerId,
        PartitionCount = options.PartitionCount,
        MaxQueuePollingInterval = options.MaxQueuePollingInterval,
        WorkItemQueueVisibilityTimeout = options.VisibilityTimeout,
        ControlQueueVisibilityTimeout = options.VisibilityTimeout,
        MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentActivities,
        MaxConcurrentTaskOrchestrationWorkItems = options.MaxConcurrentOrchestrations,
        ExtendedSessionsEnabled = options.ExtendedSessions,
        LoggerFactory = loggerFactory,
    };
}
