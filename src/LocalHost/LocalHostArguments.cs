using System.Globalization;

namespace Serverless.LocalHost;

/// <summary>Command-line options of the local service.</summary>
/// <param name="StateDirectory">Where the MariaDB server keeps its state; null means &lt;repo&gt;/.state/mariadb.</param>
/// <param name="Port">The MariaDB TCP port; null picks a free one.</param>
internal sealed record LocalHostArguments(string? StateDirectory, int? Port)
{
    public const string Usage = "usage: Serverless.LocalHost [--state-dir <directory>] [--port <port>]";

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> with a usage message when they are wrong.</summary>
    public static LocalHostArguments Parse(IReadOnlyList<string> args)
    {
        string? stateDirectory = null;
        int? port = null;
        for (var i = 0; i < args.Count; i++)
        {
            var (name, inlineValue) = args[i].Split('=', 2) is [var n, var v] ? (n, v) : (args[i], null);
            string Value() => inlineValue ?? (++i < args.Count ? args[i] : throw new ArgumentException($"{name} needs a value.\n{Usage}"));
            switch (name)
            {
                case "--state-dir":
                    stateDirectory = Path.GetFullPath(Value());
                    break;
                case "--port":
                    port = int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is > 0 and < 65536
                        ? p
                        : throw new ArgumentException($"--port needs a number between 1 and 65535.\n{Usage}");
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'.\n{Usage}");
            }
        }

        return new LocalHostArguments(stateDirectory, port);
    }
}
