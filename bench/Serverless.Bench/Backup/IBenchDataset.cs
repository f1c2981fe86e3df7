using Serverless.DataPlane;
using Serverless.Platforms.Local;

namespace Serverless.Bench.Backup;

/// <summary>A database the backup benchmark fills on the source and backs up and restores with every tool.</summary>
internal interface IBenchDataset
{
    /// <summary>The one database the dataset lives in (what every tool backs up).</summary>
    string Database { get; }

    /// <summary>Its tables, each of which every restore must reproduce.</summary>
    IReadOnlyList<string> Tables { get; }

    /// <summary>One line saying what the dataset is at <paramref name="rows"/> rows.</summary>
    string Describe(int rows);

    /// <summary>Creates the database and fills it with about <paramref name="rows"/> rows in all.</summary>
    /// <returns>How long it took.</returns>
    Task<TimeSpan> PrepareAsync(MariaDbServer server, ServerConnection admin, int rows, CancellationToken cancellationToken);
}
