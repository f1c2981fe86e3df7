using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Schedules;
using Xunit;

namespace Serverless.Orchestrations.Tests.Schedules;

/// <summary>The cron dialect: five fields or six with seconds, in UTC; malformed, never-firing and too-frequent patterns refused.</summary>
public sealed class CronPatternTests
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("0 3 * * *", "2026-03-02T03:00:00Z")]
    [InlineData("*/15 * * * *", "2026-03-01T12:15:00Z")]
    [InlineData("30 0 3 * * *", "2026-03-02T03:00:30Z")]
    [InlineData("0 0 3 * * MON", "2026-03-02T03:00:00Z")]
    [InlineData("  0 12 1 JAN *  ", "2027-01-01T12:00:00Z")]
    public void Next_FollowsFiveAndSixFieldPatterns_InUtc(string pattern, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), CronPattern.Parse(pattern).Next(Noon));
    }

    [Theory]
    [InlineData("", "has 0 fields")]
    [InlineData("* * * *", "has 4 fields")]
    [InlineData("1 2 3 4 5 6 7", "has 7 fields")]
    [InlineData("61 * * * *", "is not valid")]
    [InlineData("0 3 * * FUNDAY", "is not valid")]
    [InlineData("* * * * * *", "more than once a minute")]
    [InlineData("*/30 * * * * *", "more than once a minute")]
    [InlineData("0 0 30 2 *", "never runs")]
    public void Parse_RefusesBadPatterns_SayingWhy(string pattern, string why)
    {
        var error = Assert.Throws<CatalogValidationException>(() => CronPattern.Parse(pattern));
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LatestDue_AfterADowntime_IsTheLastRunBeforeNow_AndCountsTheOnesItPassesOver()
    {
        var pattern = CronPattern.Parse("*/10 * * * *");

        var (latest, missed) = pattern.LatestDue(Noon, Noon.AddMinutes(35));

        Assert.Equal(Noon.AddMinutes(30), latest);
        Assert.Equal(3, missed);
        Assert.Equal((Noon, 0), pattern.LatestDue(Noon, Noon.AddMinutes(9)));
    }
}
