namespace Serverless.Durable;

/// <summary>
/// Settings of the local durable runtime: the Durable Task Framework's <c>TaskHubWorker</c> on the Azure Storage
/// provider (queues, tables and blobs of one storage account, Azurite on one machine). The defaults are tuned for one
/// worker process on one machine, where a restarted host must pick up its predecessor's work within seconds.
/// </summary>
public sealed record DurableRuntimeOptions
{
    /// <summary>Gets the storage account holding the task hub, as a connection string (Azurite's, locally).</summary>
    public required string StorageConnectionString { get; init; }

    /// <summary>
    /// Gets the task hub name: the prefix of the hub's queues, tables and lease container. Letters and digits,
    /// 3-45 characters, starting with a letter (the Azure Storage provider's rule).
    /// </summary>
    public string TaskHubName { get; init; } = "dbaas";

    /// <summary>
    /// Gets the worker id written into partition leases. Keep it the same across restarts of the one local worker:
    /// a restarted worker with the same id takes over the leases its killed predecessor held at once, while a new id
    /// waits for them to expire (about 30 s).
    /// </summary>
    public string WorkerId { get; init; } = "local-host";

    /// <summary>Gets the number of control-queue partitions; one is enough for one worker process.</summary>
    public int PartitionCount { get; init; } = 1;

    /// <summary>
    /// Gets the longest wait between two polls of an idle queue. The provider backs off up to this value, so it bounds
    /// how late a message written by another process (a client starting or signalling an instance) is seen.
    /// The provider's default, 30 s, is far too slow for a control plane that answers people.
    /// </summary>
    public TimeSpan MaxQueuePollingInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Gets how long a dequeued message stays invisible. After a crash, the message being processed reappears after
    /// this long and its work runs again, so it bounds recovery time; running work renews it every few seconds, so a
    /// long activity is not taken twice. The provider's default is 5 minutes.
    /// </summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Gets how often the worker checks that the storage account answers. When a check fails and a later one succeeds,
    /// the worker starts its engine afresh (see <c>LocalDurableTaskWorker</c>): the provider keeps in memory work it could
    /// not release during the outage and would skip that work's messages forever. Zero turns the check off.
    /// </summary>
    public TimeSpan StorageProbeInterval { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Gets how many activities run at the same time.</summary>
    public int MaxConcurrentActivities { get; init; } = 10;

    /// <summary>Gets how many orchestration episodes run at the same time.</summary>
    public int MaxConcurrentOrchestrations { get; init; } = 10;

    /// <summary>
    /// Gets a value indicating whether orchestrations stay in memory between episodes (extended sessions), which saves
    /// reloading their history for every step.
    /// </summary>
    public bool ExtendedSessions { get; init; } = true;

    /// <summary>Gets how often the client polls an instance while it waits for it to start or finish.</summary>
    public TimeSpan ClientPollInterval { get; init; } = TimeSpan.FromMilliseconds(100);
}
