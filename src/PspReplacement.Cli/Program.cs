using System.CommandLine;
using PspReplacement;
using PspReplacement.Cli;
using PspReplacement.Cli.Commands;

var root = new RootCommand("pspr: Pod Security as ValidatingAdmissionPolicies, rendered per cluster as Helm charts, checked offline.\n" +
                           "Exit status: 0 success, 1 problems found (drift, denials, failed tests), 2 invalid input or usage.")
{
    RenderCommand.Create(),
    CheckCommand.Create(),
    TestCommand.Create(),
    CelCommand.Create(),
    ImportCommand.Create(),
};

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors) Console.Error.WriteLine($"pspr: {error.Message}");
    Console.Error.WriteLine("Run 'pspr --help' (or 'pspr COMMAND --help') for usage.");
    return ExitCodes.InvalidInput;
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
