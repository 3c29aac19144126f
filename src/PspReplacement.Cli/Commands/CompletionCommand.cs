using System.CommandLine;
using System.CommandLine.Completions;

namespace PspReplacement.Cli.Commands;

/// <summary>
/// `pspr completion bash|zsh|fish`: a completion script for the shell. Each script asks pspr itself for the
/// candidates through System.CommandLine's [suggest] directive, so completions follow the commands and options of the
/// pspr that runs (and list the repository's clusters for --cluster) without a script to keep in step.
/// </summary>
public static class CompletionCommand
{
    public static Command Create()
    {
        var shell = new Argument<string>("SHELL") { Description = "bash, zsh or fish" };
        shell.AcceptOnlyFromAmong("bash", "zsh", "fish");
        var command = new Command("completion",
            "Print a shell completion script. bash: source <(pspr completion bash), or save it under ~/.local/share/bash-completion/completions/pspr. " +
            "zsh: pspr completion zsh > \"${fpath[1]}/_pspr\". fish: pspr completion fish > ~/.config/fish/completions/pspr.fish. " +
            "The scripts complete both pspr on the PATH and ./pspr in the repository.")
        {
            shell,
        };
        command.SetAction(parse =>
        {
            Console.Out.Write(parse.GetValue(shell) switch { "zsh" => Zsh, "fish" => Fish, _ => Bash });
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>--cluster completes to the clusters of the repository found from the current folder (values/NAME.yaml).</summary>
    public static void CompleteClusters(Option option) => option.CompletionSources.Add(_ =>
        RepositoryFolder.TryFind() is { } root
            ? Directory.EnumerateFiles(Path.Combine(root, "values"), "*.yaml")
                .Select(Path.GetFileNameWithoutExtension).OfType<string>()
                .Where(name => name != "common").Order(StringComparer.Ordinal).Select(name => new CompletionItem(name))
            : []);

    private const string Bash = """
        # pspr completion for bash: source <(pspr completion bash)
        _pspr_complete() {
          local IFS=$'\n'
          local candidates
          candidates="$("${COMP_WORDS[0]}" "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)" || return 0
          COMPREPLY=( $(compgen -W "${candidates}" -- "${COMP_WORDS[COMP_CWORD]}") )
        }
        complete -o default -F _pspr_complete pspr ./pspr

        """;

    private const string Zsh = """
        #compdef pspr ./pspr
        # pspr completion for zsh: source <(pspr completion zsh), or pspr completion zsh > "${fpath[1]}/_pspr"
        _pspr() {
          local line="${words[*]}"
          local -a candidates
          candidates=("${(@f)$("${words[1]}" "[suggest:${#line}]" "${line}" 2>/dev/null)}")
          compadd -- "${candidates[@]}"
        }
        # Autoloaded from fpath, the file is the completion function; sourced, it registers itself.
        if [ "${funcstack[1]}" = "_pspr" ]; then _pspr "$@"; else compdef _pspr pspr ./pspr; fi

        """;

    private const string Fish = """
        # pspr completion for fish: pspr completion fish > ~/.config/fish/completions/pspr.fish
        function __pspr_complete
            set -l line (commandline -cp)
            set -l program (commandline -opc)[1]
            $program "[suggest:"(string length -- "$line")"]" "$line" 2>/dev/null
        end
        complete -c pspr -f -a '(__pspr_complete)'
        complete -c ./pspr -f -a '(__pspr_complete)'

        """;
}
