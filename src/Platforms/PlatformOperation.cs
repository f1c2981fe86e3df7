using System.Text.Json.Serialization;

namespace Serverless.Platforms;

/// <summary>
/// A long platform operation (creating a server takes minutes on Azure) as it stands: small, serializable and free of
/// secrets, so that a durable orchestration keeps it in its history and polls it with
/// <see cref="IDatabasePlatform.PollAsync"/>, with a durable timer of <see cref="PollAfter"/> in between. After a host
/// restart the orchestration polls the same operation again instead of starting it a second time.
/// </summary>
/// <param name="ServerId">The server it acts on.</param>
/// <param name="Kind">What it does.</param>
/// <param name="State">
/// The platform's own record of where the operation stands (opaque to callers); null once it has completed. A platform
/// that finishes its operations in the call that begins them (the local one) always returns null.
/// </param>
/// <param name="PollAfter">How long to wait before the next poll; zero once completed.</param>
public sealed record PlatformOperation(
    string ServerId,
    [property: JsonConverter(typeof(JsonStringEnumConverter<PlatformOperationKind>))] PlatformOperationKind Kind,
    string? State,
    TimeSpan PollAfter)
{
    /// <summary>Gets a value indicating whether the operation has completed (successfully: failures are thrown).</summary>
    [JsonIgnore]
    public bool IsCompleted => State is null;

    /// <summary>
    /// Gets a value indicating whether a parameter the operation set waits for a restart
    /// (<see cref="PlatformOperationKind.ApplyParameters"/>; false for every other kind).
    /// </summary>
    public bool RestartRequired { get; init; }

    /// <summary>An operation that has completed.</summary>
    /// <param name="serverId">The server.</param>
    /// <param name="kind">What it did.</param>
    /// <returns>The completed operation.</returns>
    public static PlatformOperation Completed(string serverId, PlatformOperationKind kind) => new(serverId, kind, null, TimeSpan.Zero);
}
