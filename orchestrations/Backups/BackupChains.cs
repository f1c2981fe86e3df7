using System.Globalization;
using Serverless.Binlog;
using Serverless.Orchestrations.Catalog;
using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Backups;

/// <summary>
/// Works out which backups a restore applies: the full backup a chain starts with and the incremental backups after
/// it, up to a named backup or to a point in time (docs/backup-format.md, "Restore" and "Point-in-time restore").
/// </summary>
internal static class BackupChains
{
    /// <summary>
    /// The chain a restore from <paramref name="backup"/> applies. With a point in time the chain may run past
    /// <paramref name="backup"/> into its descendants (the earliest-created child at each step) until a member covers
    /// the moment: a chain covers from its full backup's snapshot time to its last member's capture time.
    /// </summary>
    /// <exception cref="CatalogValidationException">The moment is outside what the chain covers (the message gives the range), or the GTID is malformed.</exception>
    /// <exception cref="CatalogConflictException">A backup of the chain is missing or not COMPLETED.</exception>
    public static async Task<RestoreChain> ResolveAsync(
        IDocumentStore catalog, string projectId, BackupView backup, DateTimeOffset? restoreTime, string? restoreGtid, CancellationToken cancellationToken)
    {
        if (restoreTime is not null && restoreGtid is not null)
        {
            throw new CatalogValidationException("Give either a restore time or a restore GTID, not both.");
        }

        if (restoreGtid is not null)
        {
            try
            {
                MariaDbGtid.Parse(restoreGtid);
            }
            catch (FormatException)
            {
                throw new CatalogValidationException($"'{restoreGtid}' is not a GTID: give it as domain-server-sequence, for example 0-1-42.");
            }
        }

        var all = (await BackupCatalog.ListDocumentsAsync(catalog, projectId, cancellationToken).ConfigureAwait(false))
            .Where(d => !d.Value.Deleting)
            .Select(d => d.Value.Backup)
            .ToDictionary(b => b.Id, StringComparer.Ordinal);

        // Walk up to the full backup.
        var path = new List<BackupView> { backup };
        while (path[0].ParentId is { } parentId)
        {
            if (!all.TryGetValue(parentId, out var parent) || parent.Status != BackupStatus.Completed)
            {
                throw new CatalogConflictException($"Backup {backup.Id} cannot be restored: backup {parentId} of its chain is missing or not COMPLETED.");
            }

            path.Insert(0, parent);
        }

        if (restoreTime is { } time)
        {
            var from = path[0].CoveredFrom ?? path[0].Created;
            var extended = Extend(path, all, member => member.CoveredTo is { } to && to >= time);
            var to = extended[^1].CoveredTo ?? extended[^1].Updated;
            if (time < TruncateToSecond(from) || time > to)
            {
                throw new CatalogValidationException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"The restore time {Format(time)} is outside what backup {backup.Id} and its chain cover: from {Format(from)} to {Format(to)}. Choose a time in that range, or a backup of another chain."));
            }

            // Stop at the first member that reaches the moment: later ones add nothing.
            var last = extended.FindIndex(member => member.CoveredTo is { } covered && covered >= time);
            path = extended.GetRange(0, last < 0 ? extended.Count : last + 1);
        }
        else if (restoreGtid is not null)
        {
            // Where the GTID is shows only in the segments: the restore applies up to the end of the chain and fails if it never meets it.
            path = Extend(path, all, _ => false);
        }

        return new RestoreChain(path[0].Id, [.. path.Skip(1).Select(b => b.Id)]);
    }

    private static List<BackupView> Extend(List<BackupView> path, Dictionary<string, BackupView> all, Func<BackupView, bool> done)
    {
        var extended = new List<BackupView>(path);
        while (!done(extended[^1]))
        {
            var current = extended[^1].Id;
            var child = all.Values
                .Where(b => b.ParentId == current && b.Status == BackupStatus.Completed)
                .OrderBy(b => b.Created)
                .ThenBy(b => b.Id, StringComparer.Ordinal)
                .FirstOrDefault();
            if (child is null)
            {
                break;
            }

            extended.Add(child);
        }

        return extended;
    }

    private static DateTimeOffset TruncateToSecond(DateTimeOffset time) => DateTimeOffset.FromUnixTimeSeconds(time.ToUnixTimeSeconds());

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

/// <summary>What a restore applies: a full backup, then incremental backups in order.</summary>
/// <param name="FullId">The full backup the chain starts with.</param>
/// <param name="Segments">The incremental backups after it, oldest first.</param>
internal sealed record RestoreChain(string FullId, IReadOnlyList<string> Segments);
