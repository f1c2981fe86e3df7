namespace Serverless.Orchestrations.Catalog;

/// <summary>
/// The parameters configuration groups may set, per datastore version: a curated set of what people tune on a managed
/// MySQL-compatible server (memory, connections, timeouts, character set, SQL mode, slow log, binlog retention), each
/// with its type, range and whether it needs a restart. docs/configuration-groups.md lists them and their Azure names.
/// </summary>
public static class ParameterCatalog
{
    private const string Integer = "integer";
    private const string Float = "float";
    private const string Boolean = "boolean";
    private const string Text = "string";
    private const decimal Year = 31_536_000;
    private const decimal Gigabyte = 1_073_741_824;

    private static readonly ParameterDefinition[] MariaDb1011 =
    [
        new("innodb_buffer_pool_size", Integer, 134_217_728, 64 * Gigabyte, null, RestartRequired: false),
        new("max_connections", Integer, 10, 100_000, null, RestartRequired: false),
        new("max_connect_errors", Integer, 1, 4_294_967_295, null, RestartRequired: false),
        new("wait_timeout", Integer, 1, Year, null, RestartRequired: false),
        new("interactive_timeout", Integer, 1, Year, null, RestartRequired: false),
        new("connect_timeout", Integer, 2, Year, null, RestartRequired: false),
        new("net_read_timeout", Integer, 1, Year, null, RestartRequired: false),
        new("net_write_timeout", Integer, 1, Year, null, RestartRequired: false),
        new("lock_wait_timeout", Integer, 1, Year, null, RestartRequired: false),
        new("innodb_lock_wait_timeout", Integer, 1, 1_073_741_824, null, RestartRequired: false),
        new("max_allowed_packet", Integer, 1024, Gigabyte, null, RestartRequired: false),
        new("max_heap_table_size", Integer, 16_384, 64 * Gigabyte, null, RestartRequired: false),
        new("tmp_table_size", Integer, 1024, 64 * Gigabyte, null, RestartRequired: false),
        new("table_open_cache", Integer, 1, 1_048_576, null, RestartRequired: false),
        new("thread_cache_size", Integer, 0, 16_384, null, RestartRequired: false),
        new("sort_buffer_size", Integer, 32_768, Gigabyte, null, RestartRequired: false),
        new("join_buffer_size", Integer, 128, Gigabyte, null, RestartRequired: false),
        new("character_set_server", Text, null, null, ["utf8mb4", "utf8mb3", "latin1", "ascii", "binary"], RestartRequired: false),
        new("collation_server", Text, null, null,
            ["utf8mb4_general_ci", "utf8mb4_unicode_ci", "utf8mb4_unicode_520_ci", "utf8mb4_bin", "utf8mb3_general_ci", "latin1_swedish_ci", "binary"], RestartRequired: false),
        new("sql_mode", Text, null, null, null, RestartRequired: false),
        new("time_zone", Text, null, null, null, RestartRequired: false),
        new("slow_query_log", Boolean, null, null, null, RestartRequired: false),
        new("long_query_time", Float, 0, Year, null, RestartRequired: false),
        new("log_queries_not_using_indexes", Boolean, null, null, null, RestartRequired: false),
        new("binlog_expire_logs_seconds", Integer, 0, 8_553_600, null, RestartRequired: false),
        new("innodb_flush_log_at_trx_commit", Integer, 0, 2, null, RestartRequired: false),
        new("auto_increment_increment", Integer, 1, 65_535, null, RestartRequired: false),
        new("auto_increment_offset", Integer, 1, 65_535, null, RestartRequired: false),
        new("event_scheduler", Text, null, null, ["ON", "OFF"], RestartRequired: false),
        new("performance_schema", Boolean, null, null, null, RestartRequired: true),
        new("innodb_log_buffer_size", Integer, 262_144, 2 * Gigabyte, null, RestartRequired: true),
        new("back_log", Integer, 1, 65_535, null, RestartRequired: true),
    ];

    /// <summary>The parameters of a datastore version (by id, for example <c>mysql-10.11</c>); empty when it has none.</summary>
    /// <param name="datastoreVersionId">The datastore version id.</param>
    public static IReadOnlyList<ParameterDefinition> For(string datastoreVersionId) =>
        datastoreVersionId == "mysql-10.11" ? MariaDb1011 : [];
}
