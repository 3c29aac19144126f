using System.CommandLine;

namespace PspReplacement.Cli.Commands;

// WORK IN PROGRESS: the owner of this command replaces this placeholder.
public static class RenderCommand
{
    public static Command Create()
    {
        var command = new Command("render", "(not yet available)");
        command.SetAction(_ => { Console.Error.WriteLine("pspr render: not yet available"); return ExitCodes.InvalidInput; });
        return command;
    }
}
