using System.CommandLine;

namespace PspReplacement.Cli.Commands;

// WORK IN PROGRESS: the owner of this command replaces this placeholder.
public static class CheckCommand
{
    public static Command Create()
    {
        var command = new Command("check", "(not yet available)");
        command.SetAction(_ => { Console.Error.WriteLine("pspr check: not yet available"); return ExitCodes.InvalidInput; });
        return command;
    }
}
