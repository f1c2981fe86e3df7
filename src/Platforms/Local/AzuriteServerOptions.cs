using Microsoft.Extensions.Logging;

namespace Serverless.Platforms.Local;

/// <summary>How <see cref="AzuriteServer.StartAsync"/> runs one Azurite (<c>azurite</c>: Blob, Queue and Table).</summary>
/// <remarks>
/// The defaults describe a throw-away test account: a fresh state directory under the temp
/// directory, a free port on 127.0.0.1, killed together with the owning process, deleted on
/// dispose. A long-lived one (the local service) sets <see cref="StateDirectory"/>,
/// <see cref="Guarded"/> = false and <see cref="DeleteStateOnDispose"/> = false.
/// </remarks>
public sealed record AzuriteServerOptions : ILocalServerOptions
{
    /// <summary>Short name, used in the state directory name and in log messages.</summary>
    public string Name { get; init; } = "azurite";

    /// <summary>
    /// Directory holding the blob data (<c>data/</c>), Azurite's output and the owner record. Null
    /// means a fresh directory under <c>{temp}/serverless-azurite/</c>. An existing directory is
    /// reused: the account starts with the containers and blobs stored there.
    /// </summary>
    public string? StateDirectory { get; init; }

    /// <summary>TCP port on 127.0.0.1; null picks a free one (and retries with another if it gets taken).</summary>
    public int? Port { get; init; }

    /// <summary>
    /// The <c>azurite</c> program. Null finds <c>node_modules/.bin/azurite</c> in the
    /// first directory holding a <c>package.json</c> above the application's base directory (the
    /// repository root, where <c>npm ci</c> installs the pinned Azurite).
    /// </summary>
    public string? ExecutablePath { get; init; }

    /// <summary>When true, Azurite writes a debug log (<see cref="AzuriteServer.DebugLogPath"/>), for example the string-to-sign of rejected requests.</summary>
    public bool DebugLog { get; init; }

    /// <summary>
    /// When true (the default, for tests), a watchdog kills Azurite as soon as the owning process is
    /// gone, even after SIGKILL, and later starts remove the state directories of dead owners.
    /// </summary>
    public bool Guarded { get; init; } = true;

    /// <summary>Whether <see cref="AzuriteServer.DisposeAsync"/> deletes the state directory.</summary>
    public bool DeleteStateOnDispose { get; init; } = true;

    /// <summary>How long a start may take until Azurite answers HTTP requests.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a clean shutdown may take before Azurite is killed.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Receives start, stop and sweep events; never the account key.</summary>
    public ILogger? Logger { get; init; }
}
