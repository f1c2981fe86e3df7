using Serverless.Bench.MySqlStream;
using Serverless.MySql;

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
    public static async Task DumpAsync(MySqlConnectionOptions source, string file, CancellationToken cancellationToken)
    {
        await using var connection = await MySqlConnection.OpenAsync(source, cancellationToken);
        await connection.ExecuteAsync($"SELECT * FROM {TableName} INTO OUTFILE {MySqlSyntax.QuoteString(file, connection.NoBackslashEscapes)}", cancellationToken);
    }

    /// <summary>
    /// Loads <paramref name="file"/> into sbtest1 on the target, which <see cref="CreateEmptyCopyAsync"/> created, in a
    /// session that skips the binary log and the checks a restore does not need, as our loader's sessions do.
    /// </summary>
    public static async Task LoadAsync(MySqlConnectionOptions target, string file, CancellationToken cancellationToken)
    {
        await using var connection = await MySqlConnection.OpenAsync(target, cancellationToken);
        await connection.ExecuteAsync(RestoreSession, cancellationToken);
        await connection.ExecuteAsync($"LOAD DATA INFILE {MySqlSyntax.QuoteString(file, connection.NoBackslashEscapes)} INTO TABLE {TableName}", cancellationToken);
    }

    /// <summary>Creates the sbtest database on the target, empty.</summary>
    public static async Task CreateDatabaseAsync(MySqlConnectionOptions target, CancellationToken cancellationToken)
    {
        await using var connection = await MySqlConnection.OpenAsync(target, cancellationToken);
        await connection.ExecuteAsync($"CREATE DATABASE {SysbenchTable.Database}", cancellationToken);
    }

    /// <summary>Creates sbtest1 on the target with the source's definition (<c>SHOW CREATE TABLE</c>, indexes included), empty.</summary>
    public static async Task CreateEmptyCopyAsync(MySqlConnectionOptions source, MySqlConnectionOptions target, CancellationToken cancellationToken)
    {
        string definition;
        await using (var connection = await MySqlConnection.OpenAsync(source, cancellationToken))
        await using (var reader = await connection.QueryAsync($"SHOW CREATE TABLE {TableName}", cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw new InvalidOperationException($"SHOW CREATE TABLE {TableName} returned nothing on {source.Endpoint}.");
            }

            definition = reader.GetString(1);
        }

        await CreateDatabaseAsync(target, cancellationToken);
        await using var copy = await MySqlConnection.OpenAsync(target with { Database = SysbenchTable.Database }, cancellationToken);
        await copy.ExecuteAsync(definition, cancellationToken);
    }
}
