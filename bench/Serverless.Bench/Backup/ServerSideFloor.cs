using MySqlConnector;
using Serverless.DataPlane;

namespace Serverless.Bench.Backup;

/// <summary>
/// The fastest a server can write a dataset out and read it back in: <c>SELECT … INTO OUTFILE</c> and
/// <c>LOAD DATA INFILE</c> of one file per table on the server's own disk, with no client in between, one table after
/// the other on one connection. The servers must allow the directory (<c>secure_file_priv</c>) and be able to write
/// and read it; the files must not exist before a dump.
/// </summary>
internal static class ServerSideFloor
{
    /// <summary>The session settings of every restore: no binary log (as our loader and myloader), no key checks.</summary>
    private const string RestoreSession = "SET SESSION sql_log_bin = 0, unique_checks = 0, foreign_key_checks = 0";

    /// <summary>Writes every row of every table to <c>directory/table.tsv</c> in LOAD DATA's default format (tab-separated); returns the bytes written.</summary>
    public static async Task<long> DumpAsync(ServerConnection source, IBenchDataset dataset, string directory, CancellationToken cancellationToken)
    {
        await using var connection = await BenchMariaDb.OpenAsync(source, cancellationToken, dataset.Database);
        long bytes = 0;
        foreach (var table in dataset.Tables)
        {
            var file = FileOf(directory, table);
            await using var command = new MySqlCommand($"SELECT * FROM `{table}` INTO OUTFILE '{MySqlHelper.EscapeString(file)}'", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
            bytes += new FileInfo(file).Length;
        }

        return bytes;
    }

    /// <summary>
    /// Loads the files of <see cref="DumpAsync"/> into the tables <see cref="CreateEmptyCopyAsync"/> created on the target,
    /// in a session that skips the binary log and the checks a restore does not need, as our loader's sessions do.
    /// </summary>
    public static async Task LoadAsync(ServerConnection target, IBenchDataset dataset, string directory, CancellationToken cancellationToken)
    {
        await using var connection = await BenchMariaDb.OpenAsync(target, cancellationToken, dataset.Database);
        await using (var session = new MySqlCommand(RestoreSession, connection))
        {
            await session.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var table in dataset.Tables)
        {
            await using var command = new MySqlCommand($"LOAD DATA INFILE '{MySqlHelper.EscapeString(FileOf(directory, table))}' INTO TABLE `{table}`", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Creates the dataset's database on the target, empty.</summary>
    public static Task CreateDatabaseAsync(ServerConnection target, IBenchDataset dataset, CancellationToken cancellationToken) =>
        BenchMariaDb.ExecuteAsync(target, $"CREATE DATABASE `{dataset.Database}`", cancellationToken);

    /// <summary>Creates every table on the target with the source's definition (<c>SHOW CREATE TABLE</c>, indexes included), empty.</summary>
    public static async Task CreateEmptyCopyAsync(ServerConnection source, ServerConnection target, IBenchDataset dataset, CancellationToken cancellationToken)
    {
        await CreateDatabaseAsync(target, dataset, cancellationToken);
        await using var from = await BenchMariaDb.OpenAsync(source, cancellationToken, dataset.Database);
        await using var to = await BenchMariaDb.OpenAsync(target, cancellationToken, dataset.Database);
        foreach (var table in dataset.Tables)
        {
            string definition;
            await using (var command = new MySqlCommand($"SHOW CREATE TABLE `{table}`", from))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                if (!await reader.ReadAsync(cancellationToken))
                {
                    throw new InvalidOperationException($"SHOW CREATE TABLE {dataset.Database}.{table} returned nothing on {source.Endpoint}.");
                }

                definition = reader.GetString(1);
            }

            await using var create = new MySqlCommand(definition, to);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static string FileOf(string directory, string table) => Path.Combine(directory, table + ".tsv");
}
