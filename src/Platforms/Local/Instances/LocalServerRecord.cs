using System.Text.Json;

namespace Serverless.Platforms.Local.Instances;

/// <summary>
/// What the local platform remembers about one server between host runs, in
/// <c>{stateRoot}/servers/{serverId}.json</c> beside the server's state directory, so that a server
/// whose directory was deleted by hand is still known (and reported missing). Holds no secret:
/// the admin password is in the secret store under <see cref="ServerSpec.AdminSecretId"/>.
/// </summary>
/// <param name="Spec">What was provisioned.</param>
/// <param name="Host">The address the server listens on.</param>
/// <param name="Port">The port; null until a server without a free loopback address has been given a free port.</param>
/// <param name="Provisioned">True once the server has started for the first time: from then on its data directory must exist.</param>
/// <param name="ShouldRun">Whether the server is meant to run (false after a stop), which reconciling restores.</param>
/// <param name="ProcessId">The <c>mariadbd</c> of the last start; 0 before the first.</param>
/// <param name="ConfigurationFile">The configuration file <c>mariadbd</c> was started with, which identifies it in <c>/proc</c>.</param>
/// <param name="DataDirectory">The server's data directory, whose disappearance makes the server missing.</param>
/// <param name="TlsCaCertificatePath">The CA file clients verify the server with.</param>
internal sealed record LocalServerRecord(
    ServerSpec Spec,
    string Host,
    int? Port,
    bool Provisioned,
    bool ShouldRun,
    int ProcessId,
    string? ConfigurationFile,
    string? DataDirectory,
    string? TlsCaCertificatePath)
{
    /// <summary>Server parameters set by the control plane (name to value), written into the configuration file at every start.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>The <see cref="Parameters"/> the running process was started with: what a restart-required change compares against.</summary>
    public IReadOnlyDictionary<string, string> StartedParameters { get; init; } = new Dictionary<string, string>();

    /// <summary>The databases the server replicates, written into the configuration file at every start; empty for all.</summary>
    public IReadOnlyList<string> ReplicatedDatabases { get; init; } = [];

    /// <summary>The endpoint clients use; null before the first start.</summary>
    public ServerEndpoint? Endpoint => Port is { } port && Provisioned ? new ServerEndpoint(Host, port, TlsCaCertificatePath) : null;

    /// <summary>Reads a record; null when there is none.</summary>
    /// <exception cref="JsonException">The file is not a record; it is never half-written, so it was edited by hand.</exception>
    public static LocalServerRecord? TryRead(string path)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), LocalServerRecordJsonContext.Default.LocalServerRecord);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Writes the record atomically (a temporary file, then rename).</summary>
    public void Write(string path)
    {
        AtomicFile.Replace(path, JsonSerializer.Serialize(this, LocalServerRecordJsonContext.Default.LocalServerRecord));
    }
}
