using CliWrap;
using CliWrap.Buffered;

namespace PspReplacement.Cli.Tests;

/// <summary>
/// Runs the built CLI (pspr.dll, copied beside the test assembly) as a user would: its own process, with exit status,
/// standard output and standard error captured, so tests see exactly what a terminal or CI log would.
/// </summary>
internal static class PsprProcess
{
    /// <summary>The shell command that runs this pspr, for scripts that call it by name (completion).</summary>
    public static string CommandLine => $"dotnet '{Path.Combine(AppContext.BaseDirectory, "pspr.dll")}'";

    public static Task<BufferedCommandResult> Run(params string[] args) => Run(stdin: null, workingDirectory: null, args);

    public static async Task<BufferedCommandResult> Run(string? stdin, string? workingDirectory, params string[] args)
    {
        var command = CliWrap.Cli.Wrap("dotnet")
            .WithArguments([Path.Combine(AppContext.BaseDirectory, "pspr.dll"), .. args])
            .WithValidation(CommandResultValidation.None);
        if (workingDirectory is not null) command = command.WithWorkingDirectory(workingDirectory);
        if (stdin is not null) command = command.WithStandardInputPipe(PipeSource.FromString(stdin));
        return await command.ExecuteBufferedAsync();
    }
}
