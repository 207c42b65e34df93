using Spectre.Console;

namespace Vigil.Sinks;

/// <summary>
/// A Spectre console over a writer, as every table Vigil writes uses one: colours and the terminal's width only when the writer
/// is a person's terminal, plain wide text otherwise so that tables survive pipes and files.
/// </summary>
public static class TextConsole
{
    public static IAnsiConsole Over(TextWriter writer, bool toTerminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = toTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = toTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = toTerminal ? Math.Max(80, WindowWidth()) : 250;
        return console;
    }

    public static Table NewTable(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(new Text(column, new Style(decoration: Decoration.Bold))));
        }

        return table;
    }

    public static void AddRow(Table table, params string[] cells) =>
        table.AddRow(cells.Select(c => (Spectre.Console.Rendering.IRenderable)new Text(TerminalText.Visible(c))).ToArray());

    private static int WindowWidth()
    {
        try
        {
            return Console.WindowWidth;
        }
        catch (IOException)
        {
            return 120;
        }
    }
}
