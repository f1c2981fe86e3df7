using System.Diagnostics;
using System.Globalization;
using Serverless.DataPlane;
using Serverless.Platforms.Local;

namespace Serverless.Bench.Backup;

/// <summary>
/// A shop-like database of many tables of different sizes, filled by the server itself from its Sequence engine:
/// what a backup meets in production rather than one sysbench table. Of <c>--rows</c> rows in all, about half are
/// orders (integer key, two secondary indexes), 30 % order lines (a composite key and a secondary index), 12 % an
/// audit log without a primary key (text with tabs, newlines and backslashes), 5 % customers (a unique e-mail,
/// non-ASCII names, NULLs); an attachments table holds one row per 1,000 of 16-64 KiB random BLOBs and eight of
/// 1-4 MB; 24 small lookup tables make the count of tables realistic.
/// </summary>
internal sealed class MixedSchema : IBenchDataset
{
    public const string Name = "mixed";

    private const int LookupTables = 24;
    private const int BatchRows = 500_000;
    private const int LargeAttachments = 8;

    public string Database => "shop";

    public IReadOnlyList<string> Tables { get; } =
        [
            "orders", "order_lines", "audit_log", "customers", "attachments",
            .. Enumerable.Range(1, LookupTables).Select(Lookup),
        ];

    public string Describe(int rows)
    {
        var (orders, lines, audit, customers, attachments) = Split(rows);
        return $"mixed schema `{Database}`, {Tables.Count} tables: orders {orders:N0}, order_lines {lines:N0}, audit_log (no primary key) {audit:N0}, "
            + $"customers {customers:N0}, attachments {attachments:N0} (16-64 KiB BLOBs, {LargeAttachments} of 1-4 MB), {LookupTables} lookup tables of 40-960 rows";
    }

    public async Task<TimeSpan> PrepareAsync(MariaDbServer server, ServerConnection admin, int rows, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var (orders, lines, audit, customers, attachments) = Split(rows);
        await BenchMariaDb.ExecuteAsync(admin, $"CREATE DATABASE {Database}", cancellationToken);
        await BenchMariaDb.ExecuteAsync(
            admin,
            """
            CREATE TABLE orders (
              id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
              customer_id INT NOT NULL,
              status TINYINT NOT NULL,
              total DECIMAL(12,2) NOT NULL,
              created_at DATETIME NOT NULL,
              note VARCHAR(200) NULL,
              KEY by_customer (customer_id),
              KEY by_time (created_at, status)
            ) ENGINE=InnoDB;
            CREATE TABLE order_lines (
              order_id BIGINT NOT NULL,
              line SMALLINT NOT NULL,
              sku CHAR(12) NOT NULL,
              quantity INT NOT NULL,
              price DECIMAL(10,2) NOT NULL,
              PRIMARY KEY (order_id, line),
              KEY by_sku (sku)
            ) ENGINE=InnoDB;
            CREATE TABLE audit_log (
              at DATETIME(6) NOT NULL,
              actor VARCHAR(64) NOT NULL,
              action VARCHAR(32) NOT NULL,
              detail TEXT NULL,
              KEY by_at (at)
            ) ENGINE=InnoDB;
            CREATE TABLE customers (
              id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
              email VARCHAR(120) NOT NULL,
              name VARCHAR(100) CHARACTER SET utf8mb4 NOT NULL,
              country CHAR(2) NOT NULL,
              balance DOUBLE NULL,
              UNIQUE KEY by_email (email)
            ) ENGINE=InnoDB;
            CREATE TABLE attachments (
              id INT NOT NULL PRIMARY KEY,
              file_name VARCHAR(255) NOT NULL,
              body LONGBLOB NOT NULL
            ) ENGINE=InnoDB;
            """,
            cancellationToken,
            Database);

        await InBatchesAsync(admin, orders, (from, to) =>
            $"INSERT INTO orders (id, customer_id, status, total, created_at, note) SELECT seq, seq * 7919 % {customers} + 1, seq % 5, (seq * 31 % 100000) / 100, "
            + $"'2020-01-01' + INTERVAL (seq * 37 % 150000000) SECOND, IF(seq % 4 = 0, NULL, CONCAT('order ', seq, ' ', SHA1(seq))) FROM seq_{from}_to_{to}", cancellationToken);
        await InBatchesAsync(admin, lines, (from, to) =>
            $"INSERT INTO order_lines SELECT (seq - 1) DIV 3 + 1, (seq - 1) % 3 + 1, LPAD(seq * 104729 % 1000000, 12, 'S'), seq % 9 + 1, (seq * 13 % 50000) / 100 FROM seq_{from}_to_{to}",
            cancellationToken);
        await InBatchesAsync(admin, audit, (from, to) =>
            $"INSERT INTO audit_log SELECT '2024-01-01' + INTERVAL (seq * 1000003 % 31536000000000) MICROSECOND, CONCAT('user', seq % 997), ELT(seq % 4 + 1, 'login', 'update', 'delete', 'export'), "
            + $"IF(seq % 7 = 0, NULL, CONCAT('step ', seq, '\\tok\\n', REPEAT('x', seq % 50), ' \\\\done')) FROM seq_{from}_to_{to}", cancellationToken);
        await InBatchesAsync(admin, customers, (from, to) =>
            $"INSERT INTO customers SELECT seq, CONCAT('c', seq, '@example.com'), CONCAT('Jöhn Ünïcødé ', seq, ' 😀'), ELT(seq % 5 + 1, 'DE', 'FR', 'US', 'JP', 'BR'), "
            + $"IF(seq % 10 = 0, NULL, seq * 1.25) FROM seq_{from}_to_{to}", cancellationToken);

        // Random bytes compress as little as photos or archives do; 64 KiB of them, cut to 16-64 KiB per row.
        var random64K = "CONCAT(" + string.Join(", ", Enumerable.Repeat("RANDOM_BYTES(1024)", 64)) + ")";
        await InBatchesAsync(admin, attachments, (from, to) =>
            $"INSERT INTO attachments SELECT seq, CONCAT('file-', seq, '.bin'), LEFT({random64K}, 16384 + seq * 7919 % 49152) FROM seq_{from}_to_{to}", cancellationToken);
        await BenchMariaDb.ExecuteAsync(
            admin,
            $"INSERT INTO attachments SELECT {attachments} + seq, CONCAT('large-', seq, '.bin'), REPEAT({random64K}, 16 + seq * 6) FROM seq_1_to_{LargeAttachments}",
            cancellationToken,
            Database);

        for (var i = 1; i <= LookupTables; i++)
        {
            await BenchMariaDb.ExecuteAsync(
                admin,
                $"CREATE TABLE {Lookup(i)} (id SMALLINT NOT NULL PRIMARY KEY, code VARCHAR(16) NOT NULL, label VARCHAR(64) NOT NULL, UNIQUE KEY by_code (code)) ENGINE=InnoDB; "
                + $"INSERT INTO {Lookup(i)} SELECT seq, CONCAT('L{i}-', seq), CONCAT('Label ', seq, ' of table {i}') FROM seq_1_to_{i * 40}",
                cancellationToken,
                Database);
        }

        return Stopwatch.GetElapsedTime(started);
    }

    private static string Lookup(int i) => $"lookup_{i.ToString("00", CultureInfo.InvariantCulture)}";

    private static (int Orders, int Lines, int Audit, int Customers, int Attachments) Split(int rows) =>
        (Math.Max(1, rows / 2), Math.Max(1, rows / 10 * 3), Math.Max(1, rows / 100 * 12), Math.Max(1, rows / 20), Math.Max(20, rows / 1000));

    // Inserts of at most BatchRows rows each, so that no single transaction grows with the dataset.
    private async Task InBatchesAsync(ServerConnection admin, int count, Func<long, long, string> insert, CancellationToken cancellationToken)
    {
        for (long from = 1; from <= count; from += BatchRows)
        {
            await BenchMariaDb.ExecuteAsync(admin, insert(from, Math.Min(count, from + BatchRows - 1)), cancellationToken, Database);
        }
    }
}
