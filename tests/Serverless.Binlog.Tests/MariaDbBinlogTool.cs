using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Serverless.Binlog.Tests;

/// <summary>
/// Runs <c>mariadb-binlog</c> on a binlog file and reads its commented event headers: each <c># at N</c> line and,
/// in the same order, the header lines <c>#… server id S  end_log_pos E CRC32 0x…  &lt;Type&gt; …</c>.
/// </summary>
internal static partial class MariaDbBinlogTool
{
    public static async Task<string> DumpAsync(string file, params string[] options)
    {
        var start = new ProcessStartInfo("mariadb-binlog") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--no-defaults");
        foreach (var option in options)
        {
            start.ArgumentList.Add(option);
        }

        start.ArgumentList.Add(file);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"mariadb-binlog exited with {process.ExitCode}: {await error}");
        }

        return await output;
    }

    /// <summary>(start offset, end_log_pos, the header line's text after the checksum) per event.</summary>
    public static IReadOnlyList<(long Start, long End, string Description)> Headers(string dump)
    {
        var headers = new List<(long, long, string)>();
        // Row events are printed in groups (annotate, table map, rows): their "# at" lines come first, then their headers.
        var starts = new Queue<long>();
        foreach (var line in dump.Split('\n'))
        {
            var at = AtLine().Match(line);
            if (at.Success)
            {
                starts.Enqueue(long.Parse(at.Groups[1].Value, CultureInfo.InvariantCulture));
                continue;
            }

            var header = HeaderLine().Match(line);
            if (header.Success && starts.TryDequeue(out var start))
            {
                headers.Add((start, long.Parse(header.Groups[1].Value, CultureInfo.InvariantCulture), header.Groups[2].Value.Trim()));
            }
        }

        return headers;
    }

    [GeneratedRegex(@"^# at (\d+)\s*$")]
    private static partial Regex AtLine();

    [GeneratedRegex(@"^#\d{6}\s+\d+:\d+:\d+ server id \d+\s+end_log_pos (\d+)(?: CRC32 0x[0-9a-f]+)?\s+(.*)$")]
    private static partial Regex HeaderLine();
}
