using Serverless.DataPlane.Snapshots;
using Xunit;

namespace Serverless.DataPlane.Tests.Snapshots;

public sealed class SnapshotConsistencyTests(SnapshotEnvironment environment) : IClassFixture<SnapshotEnvironment>
{
    private static readonly string[] Tables = ["big", "small", "nokey", "composite"];

    /// <summary>
    /// With the admin account the dump blocks commits (BACKUP STAGE) to align its connections; an account
    /// without RELOAD cannot, and the dump must still be consistent (it reads over one connection).
    /// </summary>
    [Theory]
    [InlineData("shop_admin", false)]
    [InlineData("shop_noreload", true)]
    public async Task Dump_UnderWriteLoad_RestoredSnapshotPlusBinlogFromItsCoordinates_EqualsSource(string database, bool withoutReload)
    {
        var dumpAs = environment.SourceOptions;
        if (withoutReload)
        {
            await TableContent.ExecuteAsync(environment.SourceOptions, "CREATE OR REPLACE USER dumper@'%' IDENTIFIED BY 'dump-pw'; GRANT SELECT, SHOW VIEW, TRIGGER, EVENT, BINLOG MONITOR ON *.* TO dumper@'%'");
            dumpAs = dumpAs with { User = "dumper", Password = "dump-pw" };
        }

        await SourceWorkload.CreateSchemaAsync(environment.SourceOptions, database);
        var store = await environment.CreateStoreAsync();

        using var stop = new CancellationTokenSource();
        var commits = new long[1];
        var writers = Enumerable.Range(0, 2).Select(i => Task.Run(() => SourceWorkload.WriteAsync(environment.SourceOptions, database, i, commits, stop.Token))).ToList();
        await Task.Delay(300);
        var before = Interlocked.Read(ref commits[0]);
        var summary = await new SnapshotDumper(store).DumpAsync(
            dumpAs,
            "under-load",
            new SnapshotDumpOptions { Databases = [database], ChunkRows = 500, Parallelism = 2, IncludeUsers = false },
            CancellationToken.None);
        var during = Interlocked.Read(ref commits[0]) - before;
        await Task.Delay(300);
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        Assert.True(during >= 10, $"Only {during} transactions committed while the dump ran; the test did not exercise consistency.");
        Assert.NotEmpty(summary.Position.File);
        Assert.NotEmpty(summary.Position.GtidSet);

        await new SnapshotLoader(store).LoadAsync("under-load", environment.TargetOptions, new SnapshotLoadOptions { IncludeUsers = false }, CancellationToken.None);
        await SourceWorkload.ReplayBinlogAsync(environment, summary.Position);

        // Every table's checksum and row count side by side, so a difference names its table and how far it is off.
        var source = new List<string>();
        var target = new List<string>();
        foreach (var table in Tables)
        {
            var name = $"{database}.{table}";
            source.Add($"{name} {await TableContent.ChecksumAsync(environment.SourceOptions, name)} {await TableContent.ScalarAsync(environment.SourceOptions, $"SELECT COUNT(*) FROM {name}")}");
            target.Add($"{name} {await TableContent.ChecksumAsync(environment.TargetOptions, name)} {await TableContent.ScalarAsync(environment.TargetOptions, $"SELECT COUNT(*) FROM {name}")}");
        }

        Assert.Equal(source, target);

        Assert.Equal(
            await TableContent.HashAsync(environment.SourceOptions, $"{database}.big", "id"),
            await TableContent.HashAsync(environment.TargetOptions, $"{database}.big", "id"));
    }
}
