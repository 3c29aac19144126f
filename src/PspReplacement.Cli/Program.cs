using System.CommandLine;
using PspReplacement;
using PspReplacement.Cli;
using PspReplacement.Cli.Commands;

var root = new RootCommand("pspr: Pod Security as ValidatingAdmissionPolicies, rendered per cluster as Helm charts, checked offline.\n" +
                           "Exit status: 0 success, 1 problems found (drift, denials, failed tests), 2 invalid input or usage.")
{
    RenderCommand.Create(),
    DiffCommand.Create(),
    CheckCommand.Create(),
    TestCommand.Create(),
    CelCommand.Create(),
    ImportCommand.Create(),
    CompletionCommand.Create(),
};

// A file size limit (ulimit -f) sends SIGXFSZ, whose default action kills the process mid-write. Ignored, the write
// fails with EFBIG instead: an IOException that render turns into exit 2 with the tree left as it was. The
// registration lives as long as the process: disposed, the default action would be back for writes at exit.
if (!OperatingSystem.IsWindows())
    ProcessSignals.FileSizeLimit = System.Runtime.InteropServices.PosixSignalRegistration.Create(
        (System.Runtime.InteropServices.PosixSignal)25 /* SIGXFSZ on Linux and macOS */, context => context.Cancel = true);

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors) Console.Error.WriteLine($"pspr: {error.Message}");
    Console.Error.WriteLine("Run 'pspr --help' (or 'pspr COMMAND --help') for usage.");
    return ExitCodes.InvalidInput;
}

// A shell asking for completions ([suggest:N], see `pspr completion`) gets candidates or nothing: System.CommandLine
// 2.0.0 throws on some partial lines (an option's value being typed), and a shell must never print a stack trace.
if (args.Length > 0 && args[0].StartsWith("[suggest", StringComparison.Ordinal))
{
    try { return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false }); }
    catch (InvalidOperationException) { return ExitCodes.Ok; }
}

try
{
    return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (InvalidInputException e)
{
    foreach (var problem in e.Problems) Console.Error.WriteLine(problem);
    return ExitCodes.InvalidInput;
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException)
{
    // A file that cannot be read or written (permissions, a full disk, a file size limit) is the environment's
    // problem, not a bug: say what failed and what to do, without a stack trace.
    Console.Error.WriteLine($"pspr: {e.Message}; check the path's permissions and free space, then run again");
    return ExitCodes.InvalidInput;
}

internal static class ProcessSignals
{
    internal static System.Runtime.InteropServices.PosixSignalRegistration? FileSizeLimit;
}
