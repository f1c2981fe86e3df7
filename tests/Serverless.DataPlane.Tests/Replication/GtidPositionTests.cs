using Serverless.DataPlane.Replication;
using Xunit;

namespace Serverless.DataPlane.Tests.Replication;

/// <summary>MariaDB GTID positions compared per domain: how far a replica is behind, and which is ahead.</summary>
public sealed class GtidPositionTests
{
    [Theory]
    [InlineData("0-1-100", "0-1-100", 0)]
    [InlineData("0-1-90", "0-1-100", 10)]
    [InlineData("0-1-120", "0-1-100", 0)]
    [InlineData("", "0-1-5", 5)]
    [InlineData("0-1-10,1-7-3", "0-2-12, 1-7-9", 8)]
    [InlineData("0-1-10", "", 0)]
    public void Behind_CountsTheMissingTransactionsOverAllDomains(string applied, string target, long behind)
    {
        Assert.Equal(behind, GtidPosition.Behind(applied, target));
        Assert.Equal(behind == 0, GtidPosition.Covers(applied, target));
    }

    [Theory]
    [InlineData("0-1")]
    [InlineData("a-1-2")]
    [InlineData("0-1-x")]
    public void Sequences_RefusesWhatIsNotAGtid(string position)
    {
        var error = Assert.Throws<FormatException>(() => GtidPosition.Sequences(position));
        Assert.Contains(position, error.Message, StringComparison.Ordinal);
    }
}
