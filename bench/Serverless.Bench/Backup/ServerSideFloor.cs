using MySqlConnector;
using Serverless.DataPlane;

namespace Serverless.Bench.Backup;

/// <summary>
/// The fastest a server can write sbtest1 out and read it back in: <c>SELECT … INTO OUTFILE</c> and
/// <c>LOAD DATA INFILE</c> of a file on the server's own disk, with no client in between. The servers must allow
/// the directory (<c>secure_file_priv</c>) and be able to write and read it; the file must not exist before a dump.
/// </summary>
internal static class ServerSideFloor
{
    /// <summary>The session settings of every restore: no binary log (as our loader and myloader), no key checks.</summary>
    private const string RestoreSession = "SET SESSION sql_log_bin = 0, unique_checks = 0, foreign_key_checks = 0";

    private static readonly string TableName = $"{SysbenchTable.Database}.{SysbenchTable.Table}";

    /// <summary>Writes every row of sbtest1 to <paramref name="file"/> in LOAD DATA's default format (tab-separated).</summary>
    public static Task DumpAsync(ServerConnection source, string file, CancellationToken cancellationToken) =>
        BenchMariaDb.ExecuteAsync(source, $"SELECT * FROM {TableName} INTO OUTFILE '{MySqlHelper.EscapeString(file)}'", cancellationToken);

    /// <summary>
    /// Loads <paramref name="file"/> into sbtest1 on the target, which <see cref="CreateEmptyCopyAsync"/> created, in a
    /// session that skips the binary log and the checks a restore does not need, as our loader's sessions do.
    /// </summary>
    public static Task LoadAsync(ServerConnection target, string file, CancellationToken cancellationToken) =>
        BenchMariaDb.ExecuteAsync(target, $"{RestoreSession}; LOAD DATA INFILE '{MySqlHelper.EscapeString(file)}' INTO TABLE {TableName}", cancellationToken);

    /// <summary>Creates the sbtest database on the target, empty.</summary>
    public static Task CreateDatabaseAsync(ServerConnection target, CancellationToken cancellationToken) =>
        BenchMariaDb.ExecuteAsync(target, $"CREATE DATABASE {SysbenchTable.Database}", cancellationToken);

    /// <summary>Creates sbtest1 on the target with the source's definition (<c>SHOW CREATE TABLE</c>, indexes included), empty.</summary>
    public static async Task CreateEmptyCopyAsync(ServerConnection source, ServerConnection target, CancellationToken cancellationToken)
    {
        string definition;
        await using (var connection = await BenchMariaDb.OpenAsync(source, cancellationToken))
        await using (var command = new MySqlCommand($"SHOW CREATE TABLE {TableName}", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw new InvalidOperationException($"SHOW CREATE TABLE {TableName} returned nothing on {source.Endpoint}.");
            }

            definition = reader.GetString(1);
        }

        await CreateDatabaseAsync(target, cancellationToken);
        await BenchMariaDb.ExecuteAsync(target, definition, cancellationToken, SysbenchTable.Database);
    }
}
