using System.CommandLine;

namespace PspReplacement.Cli.Commands;

// WORK IN PROGRESS: the owner of this command replaces this placeholder.
public static class ImportCommand
{
    public static Command Create()
    {
        var command = new Command("import", "(not yet available)");
        command.SetAction(_ => { Console.Error.WriteLine("pspr import: not yet available"); return ExitCodes.InvalidInput; });
        return command;
    }
}
