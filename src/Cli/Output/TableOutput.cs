using Spectre.Console;

namespace Serverless.Cli.Output;

/// <summary>
/// A table of text cells: a Spectre.Console table on a terminal, and aligned plain columns (no borders, no
/// colour, no wrapping) when the output is redirected, so that <c>grep</c> and <c>awk</c> see one row per line.
/// </summary>
internal sealed class TableOutput(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public TableOutput Add(params string?[] cells)
    {
        _rows.Add([.. cells.Select(cell => cell ?? string.Empty)]);
        return this;
    }

    public void Write(CliConsole console)
    {
        if (console.OutIsTerminal)
        {
            var table = new Table().Border(TableBorder.Rounded);
            foreach (var header in headers)
            {
                table.AddColumn(new TableColumn(Markup.Escape(header)));
            }

            foreach (var row in _rows)
            {
                table.AddRow([.. row.Select(cell => new Text(cell))]);
            }

            CliConsole.Terminal(console.Out).Write(table);
            return;
        }

        var widths = headers.Select((header, column) => _rows.Select(row => row[column].Length).Append(header.Length).Max()).ToArray();
        WritePlainRow(console.Out, headers, widths);
        foreach (var row in _rows)
        {
            WritePlainRow(console.Out, row, widths);
        }
    }

    private static void WritePlainRow(TextWriter writer, string[] cells, int[] widths)
    {
        var line = string.Join("  ", cells.Select((cell, column) => column == cells.Length - 1 ? cell : cell.PadRight(widths[column])));
        writer.WriteLine(line.TrimEnd());
    }
}
