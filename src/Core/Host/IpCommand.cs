using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using VirtSriov.Core.Processes;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Host;

/// <summary>Runs <c>ip</c> (iproute2) through the lab's process runner, with an argument list.</summary>
internal static partial class IpCommand
{
    /// <summary>Standard output of <c>ip arguments…</c>; <see cref="IpCommandException"/> when it exits non-zero.</summary>
    public static async Task<string> RunAsync(IProcessRunner processes, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        ProcessResult result;
        try
        {
            result = await processes.RunAsync("ip", arguments, cancellationToken).ConfigureAwait(false);
        }
        catch (ProgramNotFoundException e)
        {
            throw NotInstalled(arguments, e);
        }

        return result.Succeeded ? result.StandardOutput : throw new IpCommandException(arguments, result.ExitCode, result.StandardError);
    }

    /// <summary>
    /// Runs <paramref name="commands"/> in order in one <c>ip</c> process (<c>ip -batch -</c>, the commands on its input,
    /// stopping at the first that fails) and returns their standard output. Starting ip is most of a command's cost on a
    /// slow host (0.2 s each under TCG), and over SSH each process is a round trip. Commands with an argument that batch
    /// input cannot carry (blank, quote or #) run one process each, with the same result.
    /// </summary>
    /// <exception cref="IpCommandException">The first command that failed, with iproute2's message.</exception>
    public static async Task<string> BatchAsync(IProcessRunner processes, IReadOnlyList<IReadOnlyList<string>> commands, CancellationToken cancellationToken)
    {
        if (!commands.SelectMany(c => c).All(FitsBatch))
        {
            var output = new StringBuilder();
            foreach (var command in commands)
            {
                output.Append(await RunAsync(processes, command, cancellationToken).ConfigureAwait(false));
            }

            return output.ToString();
        }

        var input = string.Concat(commands.Select(c => string.Join(' ', c) + "\n"));
        ProcessResult result;
        try
        {
            result = await processes.RunAsync("ip", BatchArguments, input, cancellationToken).ConfigureAwait(false);
        }
        catch (ProgramNotFoundException e)
        {
            throw NotInstalled(BatchArguments, e);
        }

        if (result.Succeeded)
        {
            return result.StandardOutput;
        }

        // "Command failed -:LINE" names the command; without it (ip exited on a parse error) the batch is named with its input.
        var error = FailedLine().Replace(result.StandardError, "");
        return FailedBatchLine(result.StandardError) is { } line && line <= commands.Count
            ? throw new IpCommandException(commands[line - 1], result.ExitCode, error)
            : throw new IpCommandException(BatchArguments, result.ExitCode, $"{error.Trim()} (in the batch: {input.TrimEnd().Replace("\n", "; ", StringComparison.Ordinal)})");
    }

    /// <summary>The line of <c>ip -batch</c>'s input that failed, from its "Command failed -:LINE"; null when ip did not say (it exited on a parse error).</summary>
    public static int? FailedBatchLine(string standardError) =>
        FailedLine().Match(standardError) is { Success: true } failed && int.TryParse(failed.Groups[1].Value, CultureInfo.InvariantCulture, out var line) && line >= 1
            ? line
            : null;

    /// <summary>Whether <c>ip arguments…</c> is a batch that reads its commands from standard input.</summary>
    public static bool IsBatch(IReadOnlyList<string> arguments) => arguments.SequenceEqual(BatchArguments);

    private static readonly string[] BatchArguments = ["-batch", "-"];

    private static bool FitsBatch(string argument) =>
        argument.Length > 0 && !argument.Any(c => char.IsWhiteSpace(c) || c is '#' or '"' or '\'' or '\\');

    private static ActionableException NotInstalled(IReadOnlyList<string> arguments, ProgramNotFoundException e) =>
        new(
            "The ip program (iproute2) is not installed, so the VFs' MAC, trust, spoof checking and VLAN cannot be set on the PF.",
            "Install iproute2 (apt-get install iproute2 / dnf install iproute), then apply again.",
            "ip " + string.Join(' ', arguments),
            inner: e);

    [GeneratedRegex(@"Command failed -:(\d+)\n?")]
    private static partial Regex FailedLine();
}
