using Microsoft.Extensions.Logging;

namespace Serverless.Platforms.Local;

/// <summary>
/// The options every local server has (<see cref="MariaDbServerOptions"/>, <see cref="AzuriteServerOptions"/>):
/// what <see cref="LocalServerLifetime"/> needs to start, stop and clean up a server of any kind.
/// </summary>
internal interface ILocalServerOptions
{
    /// <summary>Short name, used in the state directory name and in log messages.</summary>
    string Name { get; }

    /// <summary>The state directory; null for a fresh one under the kind's shared root.</summary>
    string? StateDirectory { get; }

    /// <summary>The TCP port; null picks a free one and retries with another if it gets taken.</summary>
    int? Port { get; }

    /// <summary>Whether a watchdog kills the server once the owning process is gone.</summary>
    bool Guarded { get; }

    /// <summary>Whether disposing deletes the state directory.</summary>
    bool DeleteStateOnDispose { get; }

    /// <summary>How long a start may take until the server answers.</summary>
    TimeSpan StartTimeout { get; }

    /// <summary>How long a clean shutdown may take before the server is killed.</summary>
    TimeSpan StopTimeout { get; }

    /// <summary>Receives start, stop and sweep events.</summary>
    ILogger? Logger { get; }
}
