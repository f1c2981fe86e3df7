using Serverless.DataPlane.Snapshots;
using Xunit;

namespace Serverless.DataPlane.Tests.Snapshots;

public sealed class SecondaryIndexSplitterTests
{
    [Fact]
    public void Split_MovesPlainAndUniqueKeysToOneAlter_AndKeepsFulltextAndDefaultsIntact()
    {
        const string create = """
            CREATE TABLE `t` (
              `id` int(11) NOT NULL AUTO_INCREMENT,
              `sep` char(1) DEFAULT ',',
              `body` text DEFAULT NULL,
              PRIMARY KEY (`id`),
              UNIQUE KEY `u_sep` (`sep`),
              KEY `k_body` (`body`(10)),
              FULLTEXT KEY `ft` (`body`)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
            """;

        var (table, alter) = SecondaryIndexSplitter.Split("`d`.`t`", create);

        Assert.Equal("""
            CREATE TABLE `t` (
              `id` int(11) NOT NULL AUTO_INCREMENT,
              `sep` char(1) DEFAULT ',',
              `body` text DEFAULT NULL,
              PRIMARY KEY (`id`),
              FULLTEXT KEY `ft` (`body`)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
            """, table);
        Assert.Equal("ALTER TABLE `d`.`t` ADD UNIQUE KEY `u_sep` (`sep`), ADD KEY `k_body` (`body`(10))", alter);
    }

    [Theory]
    [InlineData("  `id` int(11) NOT NULL,\n  `p` int(11) DEFAULT NULL,\n  PRIMARY KEY (`id`),\n  KEY `k_p` (`p`),\n  CONSTRAINT `fk` FOREIGN KEY (`p`) REFERENCES `parent` (`id`)")]
    [InlineData("  `id` int(11) NOT NULL,\n  `n` int(11) NOT NULL AUTO_INCREMENT,\n  PRIMARY KEY (`id`),\n  KEY `k_n` (`n`)")]
    public void Split_KeepsEveryIndex_WhenDeferringCouldFail(string definitions)
    {
        var create = $"CREATE TABLE `t` (\n{definitions}\n) ENGINE=InnoDB";

        var (table, alter) = SecondaryIndexSplitter.Split("`d`.`t`", create);

        Assert.Equal(create, table);
        Assert.Null(alter);
    }
}
