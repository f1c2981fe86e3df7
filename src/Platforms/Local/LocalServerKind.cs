namespace Serverless.Platforms.Local;

/// <summary>What <see cref="OrphanedServerSweeper"/> needs to know about one kind of guarded local server.</summary>
/// <param name="DisplayName">The kind's name in log messages: "MariaDB", "Azurite".</param>
/// <param name="SharedDirectories">Directory names under the shared root that are not server state and are never swept.</param>
/// <param name="IsServerOf">
/// True when a process id is this kind's server running on a state directory (checked against
/// its command line, so a recycled pid never gets a signal meant for a server).
/// </param>
/// <param name="DeleteState">Deletes a state directory and anything of it kept elsewhere.</param>
internal sealed record LocalServerKind(
    string DisplayName,
    IReadOnlySet<string> SharedDirectories,
    Func<int, string, bool> IsServerOf,
    Action<string> DeleteState);
