using System.Globalization;

namespace Serverless.Bench;

/// <summary>
/// The options after the benchmark name: <c>--name value</c> or <c>--name=value</c>. Each benchmark
/// reads the options it knows and then calls <see cref="EnsureAllRead"/>, so a misspelt option is an
/// error instead of a run with silent defaults.
/// </summary>
internal sealed class BenchArguments
{
    private readonly Dictionary<string, string> _values;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private BenchArguments(Dictionary<string, string> values, bool helpRequested)
    {
        _values = values;
        HelpRequested = helpRequested;
    }

    /// <summary>True when <c>--help</c> or <c>-h</c> was given.</summary>
    public bool HelpRequested { get; }

    public static BenchArguments Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var help = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h")
            {
                help = true;
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new BenchUsageException($"Unexpected argument '{arg}'; options look like --name value.");
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            string name, value;
            if (equals > 0)
            {
                name = arg[2..equals];
                value = arg[(equals + 1)..];
            }
            else if (i + 1 < args.Count)
            {
                name = arg[2..];
                value = args[++i];
            }
            else
            {
                throw new BenchUsageException($"Option '{arg}' needs a value.");
            }

            if (!values.TryAdd(name, value))
            {
                throw new BenchUsageException($"Option '--{name}' is given twice.");
            }
        }

        return new BenchArguments(values, help);
    }

    /// <summary>The integer value of <c>--name</c> (digits, optionally grouped with ',' or '_'), or <paramref name="defaultValue"/>.</summary>
    public int GetInt32(string name, int defaultValue, int minimum)
    {
        _read.Add(name);
        if (!_values.TryGetValue(name, out var text))
        {
            return defaultValue;
        }

        if (!int.TryParse(text.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var value) || value < minimum)
        {
            throw new BenchUsageException($"Option '--{name}' must be a whole number of at least {minimum}, not '{text}'.");
        }

        return value;
    }

    /// <summary>
    /// The whole numbers of <c>--name</c>, separated by commas (digits may be grouped with '_', not ','), e.g.
    /// <c>--rows 2000000,10_000_000</c>; <paramref name="defaultValue"/> when the option is absent.
    /// </summary>
    public IReadOnlyList<int> GetInt32List(string name, int defaultValue, int minimum)
    {
        _read.Add(name);
        if (!_values.TryGetValue(name, out var text))
        {
            return [defaultValue];
        }

        var values = new List<int>();
        foreach (var item in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(item.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < minimum)
            {
                throw new BenchUsageException($"Option '--{name}' takes whole numbers of at least {minimum} separated by commas (group digits with '_'), not '{text}'.");
            }

            values.Add(value);
        }

        return values;
    }

    /// <summary>The value of <c>--name</c>, which must be one of <paramref name="choices"/> (the first is the default).</summary>
    public string GetChoice(string name, params string[] choices)
    {
        _read.Add(name);
        if (!_values.TryGetValue(name, out var text))
        {
            return choices[0];
        }

        return choices.Contains(text, StringComparer.Ordinal)
            ? text
            : throw new BenchUsageException($"Option '--{name}' must be one of {string.Join(", ", choices)}, not '{text}'.");
    }

    /// <summary>The value of <c>--name</c> as given, or null when it is absent.</summary>
    public string? GetText(string name)
    {
        _read.Add(name);
        return _values.TryGetValue(name, out var text) ? text : null;
    }

    /// <summary>Fails on options the benchmark did not read.</summary>
    public void EnsureAllRead()
    {
        var unknown = _values.Keys.Where(k => !_read.Contains(k)).Select(k => "--" + k).ToList();
        if (unknown.Count > 0)
        {
            throw new BenchUsageException($"Unknown option(s): {string.Join(", ", unknown)}.");
        }
    }
}
