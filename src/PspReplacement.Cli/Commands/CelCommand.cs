using System.CommandLine;

namespace PspReplacement.Cli.Commands;

// WORK IN PROGRESS: the owner of this command replaces this placeholder.
public static class CelCommand
{
    public static Command Create()
    {
        var command = new Command("cel", "(not yet available)");
        command.SetAction(_ => { Console.Error.WriteLine("pspr cel: not yet available"); return ExitCodes.InvalidInput; });
        return command;
    }
}
