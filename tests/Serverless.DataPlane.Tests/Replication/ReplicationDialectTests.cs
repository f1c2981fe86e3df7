using Serverless.DataPlane.Replication;
using Xunit;

namespace Serverless.DataPlane.Tests.Replication;

/// <summary>
/// The replication dialects on recorded server answers (Fixtures/Replication: <c>SHOW REPLICA STATUS\G</c> of MySQL 8.0
/// and 8.4 as their manuals list the columns, <c>SHOW SLAVE STATUS\G</c> of MariaDB 10.11): chosen by version string,
/// the statements each sends, and the health each reads. No MySQL server runs here; MariaDB's statements also run
/// against real servers in the replication tests.
/// </summary>
public sealed class ReplicationDialectTests
{
    private static readonly ServerConnection Source = new("source.example.com", 3306, "unused", "unused", null);
    private static readonly ReplicationAccount Account = new("repl_0123456789abcdef", "s3cret-Pw");

    [Theory]
    [InlineData("10.11.6-MariaDB-0+deb12u1", "MariaDB")]
    [InlineData("5.5.5-10.11.6-MariaDB-log", "MariaDB")]
    [InlineData("8.0.23", "MySQL 8.0")]
    [InlineData("8.0.36-azure", "MySQL 8.0")]
    [InlineData("8.3.0", "MySQL 8.0")]
    [InlineData("8.4.3", "MySQL 8.4")]
    [InlineData("9.1.0-commercial", "MySQL 8.4")]
    public void ForVersion_ChoosesTheDialectByTheVersionString(string version, string dialect) =>
        Assert.Equal(dialect, ReplicationDialect.ForVersion(version).Name);

    [Theory]
    [InlineData("8.0.22")]
    [InlineData("5.7.44-log")]
    [InlineData("not a version")]
    public void ForVersion_RefusesWhatItCannotReplicateWith(string version) =>
        Assert.Throws<NotSupportedException>(() => ReplicationDialect.ForVersion(version));

    [Fact]
    public void MySql8_SpeaksReplicaAndSourceSql()
    {
        var dialect = ReplicationDialect.ForVersion("8.0.36");
        Assert.Equal(("STOP REPLICA", "START REPLICA", "RESET REPLICA ALL", "SHOW REPLICA STATUS"),
            (dialect.StopReplica, dialect.StartReplica, dialect.ResetReplicaAll, dialect.ShowReplicaStatus));
        Assert.Equal(["SET GLOBAL super_read_only = 1"], dialect.Fence);
        Assert.Equal(["SET GLOBAL super_read_only = 0", "SET GLOBAL read_only = 0"], dialect.Unfence);
        Assert.Contains("@@GLOBAL.gtid_executed", dialect.PositionsQuery, StringComparison.Ordinal);

        var change = dialect.ChangeSource(Source, Account, "/etc/ca.pem");
        Assert.StartsWith("CHANGE REPLICATION SOURCE TO SOURCE_HOST = ?, SOURCE_PORT = ?, SOURCE_USER = ?, SOURCE_PASSWORD = ?", change.Sql, StringComparison.Ordinal);
        Assert.Contains("SOURCE_AUTO_POSITION = 1", change.Sql, StringComparison.Ordinal);
        Assert.Contains("SOURCE_SSL = 1, SOURCE_SSL_CA = ?, SOURCE_SSL_VERIFY_SERVER_CERT = ?", change.Sql, StringComparison.Ordinal);
        Assert.DoesNotContain("MASTER", change.Sql, StringComparison.Ordinal);
        Assert.Equal(["source.example.com", 3306, Account.User, Account.Password, "/etc/ca.pem", 1], change.Parameters);
        Assert.DoesNotContain(Account.Password, change.ToString(), StringComparison.Ordinal);

        Assert.Equal(
            ["STOP REPLICA", "RESET REPLICA ALL", "RESET MASTER", "SET GLOBAL gtid_purged = ?"],
            dialect.SeedPosition("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5").Select(s => s.Sql));
        Assert.Equal("RESET BINARY LOGS AND GTIDS", ReplicationDialect.ForVersion("8.4.3").SeedPosition("x")[2].Sql);
        Assert.Equal(("SELECT WAIT_FOR_EXECUTED_GTID_SET(?, ?)", 2), (dialect.WaitForGtid("set", 60).Sql, dialect.WaitForGtid("set", 60).Parameters.Count));

        var filter = dialect.ReplicationFilter(["shop", "crm_2"]);
        Assert.Equal("CHANGE REPLICATION FILTER REPLICATE_WILD_DO_TABLE = (?, ?)", filter.Sql);
        Assert.Equal(["shop.%", "crm\\_2.%"], filter.Parameters);
        Assert.Equal("CHANGE REPLICATION FILTER REPLICATE_WILD_DO_TABLE = ()", dialect.ReplicationFilter([]).Sql);
    }

    [Fact]
    public void MariaDb_SpeaksMasterSlaveSqlWithGtidPositions()
    {
        var dialect = ReplicationDialect.ForVersion("10.11.6-MariaDB");
        Assert.Equal(("STOP SLAVE", "START SLAVE", "RESET SLAVE ALL", "SHOW SLAVE STATUS"),
            (dialect.StopReplica, dialect.StartReplica, dialect.ResetReplicaAll, dialect.ShowReplicaStatus));
        var change = dialect.ChangeSource(Source, Account, string.Empty);
        Assert.StartsWith("CHANGE MASTER TO MASTER_HOST = ?", change.Sql, StringComparison.Ordinal);
        Assert.Contains("MASTER_USE_GTID = slave_pos", change.Sql, StringComparison.Ordinal);
        Assert.Equal(0, change.Parameters[^1]);
        Assert.Equal(["shop.%,crm\\_2.%"], dialect.ReplicationFilter(["shop", "crm_2"]).Parameters);
        Assert.Equal("SELECT MASTER_GTID_WAIT(?, ?)", dialect.WaitForGtid("0-1-5", 1).Sql);
    }

    [Fact]
    public void MySql80_ReadsARunningReplica()
    {
        var dialect = ReplicationDialect.ForVersion("8.0.36");
        var set = "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-1032";
        var health = dialect.ParseHealth(Recorded("mysql-8.0-show-replica-status-running.txt"), [set, set, "1"]);
        Assert.True(health.IsRunning);
        Assert.Equal((true, "source.example.com", 3306, 3L), (health.IsReplicating, health.SourceHost, health.SourcePort, health.SecondsBehind));
        Assert.Equal((set, "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-1045", true), (health.AppliedGtid, health.ReceivedGtid, health.ReadOnly));
        Assert.Null(health.LastError);
        Assert.Equal(13, dialect.Behind(health.AppliedGtid, health.ReceivedGtid));
    }

    [Fact]
    public void Health_CountsLagAndReceivedTransactionsInTheDialectOfItsServersVersion()
    {
        var set = "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-1032";
        var mysql = ReplicationDialect.ForVersion("8.0.36-azure").ParseHealth(Recorded("mysql-8.0-show-replica-status-running.txt"), [set, set, "1"]) with
        {
            ServerVersion = "8.0.36-azure",
        };
        Assert.Equal(8, mysql.TransactionsBehind("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-1040"));
        Assert.Equal(1045, mysql.TransactionsReceived());

        // MariaDB positions, and a health read recorded before versions were kept (no version: MariaDB).
        var mariadb = ReplicationDialect.ForVersion("10.11.6-MariaDB").ParseHealth(null, ["", "0-1-88", "0"]) with { ServerVersion = "10.11.6-MariaDB" };
        Assert.Equal((12L, 88L), (mariadb.TransactionsBehind("0-1-100"), mariadb.TransactionsReceived()));
        Assert.Equal(12, (mariadb with { ServerVersion = null }).TransactionsBehind("0-1-100"));
    }

    [Fact]
    public void MySql84_ReadsABrokenReplica()
    {
        var dialect = ReplicationDialect.ForVersion("8.4.3");
        var set = "2b6c1f6e-1c3a-11ef-8b0a-0242ac120002:1-57";
        var health = dialect.ParseHealth(Recorded("mysql-8.4-show-replica-status-broken.txt"), [set, set, "1"]);
        Assert.False(health.IsRunning);
        Assert.Equal(("Yes", "No", null), (health.IoThreadState, health.SqlThreadState, health.SecondsBehind));
        Assert.Equal((3307, set), (health.SourcePort, health.AppliedGtid));
        Assert.StartsWith("Coordinator stopped because there were error(s)", health.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public void MariaDb_ReadsARunningReplica_AndAServerThatIsNone()
    {
        var dialect = ReplicationDialect.ForVersion("10.11.6-MariaDB");
        var health = dialect.ParseHealth(Recorded("mariadb-10.11-show-slave-status-running.txt"), ["0-1977364-3120", "", "1"]);
        Assert.True(health.IsRunning);
        Assert.Equal(("127.0.0.3", 3306, 0L), (health.SourceHost, health.SourcePort, health.SecondsBehind));
        Assert.Equal(("0-1977364-3120", "0-1977364-3120"), (health.AppliedGtid, health.ReceivedGtid));

        var source = dialect.ParseHealth(null, ["", "0-1-88", "0"]);
        Assert.Equal((false, "0-1-88", false, null), (source.IsReplicating, source.AppliedGtid, source.ReadOnly, source.IoThreadState));
    }

    [Theory]
    [InlineData("", "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5", 5)]
    [InlineData("3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5", "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5", 0)]
    [InlineData("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-3:6", "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-7", 3)]
    [InlineData("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-10", "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-7,\n2b6c1f6e-1c3a-11ef-8b0a-0242ac120002:4-5", 2)]
    public void MySqlGtidSet_Behind_CountsTheMissingTransactions(string applied, string target, long behind) =>
        Assert.Equal(behind, MySqlGtidSet.Behind(applied, target));

    [Theory]
    [InlineData("0-1-5")]
    [InlineData("3e11fa47-71ca-11e1-9e33-c80aa9429562")]
    [InlineData("3e11fa47-71ca-11e1-9e33-c80aa9429562:7-3")]
    public void MySqlGtidSet_RefusesWhatIsNotAGtidSet(string set) => Assert.Throws<FormatException>(() => MySqlGtidSet.Parse(set));

    /// <summary>A recorded <c>\G</c> answer: <c>Column: value</c> per line, <c>NULL</c> for null, '#' lines are notes.</summary>
    private static Dictionary<string, string?> Recorded(string file)
    {
        var row = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Replication", file)).Where(l => !l.StartsWith('#')))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var value = line[(colon + 1)..].Trim();
            row[line[..colon].Trim()] = value == "NULL" ? null : value;
        }

        return row;
    }
}
