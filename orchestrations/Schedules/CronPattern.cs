using NCrontab;
using Serverless.Orchestrations.Catalog;

namespace Serverless.Orchestrations.Schedules;

/// <summary>
/// A schedule's cron pattern in the NCrontab dialect the Azure Functions timer uses, evaluated in UTC: five fields
/// (<c>minute hour day month day-of-week</c>, as the <c>trove</c> CLI sends them, for example <c>0 3 * * *</c>) or
/// six with seconds first (<c>second minute hour day month day-of-week</c>, the Functions timer's form, for example
/// <c>0 0 3 * * *</c>). A pattern that fires more than once a minute is refused: the evaluator runs once a minute,
/// and a backup takes longer than that anyway.
/// </summary>
public sealed class CronPattern
{
    /// <summary>The shortest time allowed between two runs.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMinutes(1);

    // How far ahead the minimum interval is checked: a pattern can only crowd its runs within one day (the
    // seconds, minutes and hours fields), and two days covers a crowded span across midnight.
    private static readonly TimeSpan IntervalCheckSpan = TimeSpan.FromDays(2);

    private readonly CrontabSchedule _schedule;

    private CronPattern(string text, CrontabSchedule schedule)
    {
        Text = text;
        _schedule = schedule;
    }

    /// <summary>Gets the pattern as it was given (trimmed).</summary>
    public string Text { get; }

    /// <summary>Parses a pattern and checks that its runs are at least <see cref="MinimumInterval"/> apart.</summary>
    /// <param name="pattern">Five or six space-separated fields.</param>
    /// <returns>The pattern.</returns>
    /// <exception cref="CatalogValidationException">The pattern is malformed or fires too often; the message says which.</exception>
    public static CronPattern Parse(string? pattern)
    {
        var text = pattern?.Trim() ?? string.Empty;
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (fields is not (5 or 6))
        {
            throw new CatalogValidationException(
                $"The cron pattern '{text}' has {fields} fields; give 5 (minute hour day month day-of-week, for example '0 3 * * *') or 6 with seconds first (for example '0 0 3 * * *').");
        }

        var schedule = CrontabSchedule.TryParse(text, new CrontabSchedule.ParseOptions { IncludingSeconds = fields == 6 })
            ?? throw new CatalogValidationException(
                $"The cron pattern '{text}' is not valid: each field takes a number, a range (1-5), a list (1,15), a step (*/10) or *; months and days of the week may be names (JAN, MON).");
        var parsed = new CronPattern(text, schedule);
        parsed.CheckInterval();
        return parsed;
    }

    /// <summary>Gets the first run strictly after <paramref name="after"/>.</summary>
    /// <param name="after">The time to look after.</param>
    /// <returns>The next run, in UTC.</returns>
    public DateTimeOffset Next(DateTimeOffset after) =>
        new(DateTime.SpecifyKind(_schedule.GetNextOccurrence(after.UtcDateTime), DateTimeKind.Utc));

    /// <summary>
    /// Gets the latest run at or before <paramref name="now"/>, starting from a run that is due
    /// (<paramref name="due"/> at or before <paramref name="now"/>), and how many earlier runs it passes over.
    /// </summary>
    /// <param name="due">A run time of this pattern that has not been handled; not after <paramref name="now"/>.</param>
    /// <param name="now">The current time.</param>
    /// <returns>The latest due run and the number of runs before it that were missed.</returns>
    public (DateTimeOffset Latest, int Missed) LatestDue(DateTimeOffset due, DateTimeOffset now)
    {
        var latest = due;
        var missed = 0;
        for (var next = Next(latest); next <= now; next = Next(latest))
        {
            latest = next;
            missed++;
        }

        return (latest, missed);
    }

    private void CheckInterval()
    {
        // From a fixed instant, so that the same pattern is always judged the same way.
        var start = new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var end = start + IntervalCheckSpan;
        var previous = Next(start);
        if (previous.Year > start.Year + 8)
        {
            // NCrontab answers the end of time for a date that never comes, such as '0 0 30 2 *'.
            throw new CatalogValidationException($"The cron pattern '{Text}' never runs: check its day and month fields.");
        }

        for (var next = Next(previous); next < end; next = Next(previous))
        {
            if (next - previous < MinimumInterval)
            {
                throw new CatalogValidationException(
                    $"The cron pattern '{Text}' runs more than once a minute; scheduled backups can run at most once a minute (use a single second, for example '0 */5 * * * *').");
            }

            previous = next;
        }
    }
}
