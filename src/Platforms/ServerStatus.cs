namespace Serverless.Platforms;

/// <summary>What <see cref="IDatabasePlatform.GetStatusAsync"/> reports about one server.</summary>
/// <param name="ServerId">The server.</param>
/// <param name="State">Running, stopped, missing or failed.</param>
/// <param name="Endpoint">Where clients connect; null when the server has never been started.</param>
/// <param name="VolumeUsedBytes">Bytes the server's data occupies.</param>
/// <param name="VolumeSizeBytes">The configured volume size in bytes; 0 for an unknown server.</param>
/// <param name="Message">Why the server is missing or failed; null otherwise.</param>
public sealed record ServerStatus(
    string ServerId,
    ServerState State,
    ServerEndpoint? Endpoint,
    long VolumeUsedBytes,
    long VolumeSizeBytes,
    string? Message);
