using Spectre.Console;

namespace Serverless.Cli.Output;

/// <summary>
/// Where a command writes: results to <see cref="Out"/>, progress and errors to <see cref="Error"/>. Each is
/// interactive only when it is the process's own terminal; redirected or captured writers get plain text.
/// </summary>
internal sealed class CliConsole(TextWriter output, TextWriter error)
{
    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    public bool OutIsTerminal { get; } = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;

    public bool ErrorIsTerminal { get; } = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;

    public static IAnsiConsole Terminal(TextWriter writer) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(writer),
        Ansi = AnsiSupport.Detect,
        ColorSystem = ColorSystemSupport.Detect,
        Interactive = InteractionSupport.Yes,
    });
}
