using VirtSriov.Core.Host;
using VirtSriov.Core.Processes;

namespace VirtSriov.Core.Labs.Changes;

/// <summary>The lab's programs, with every run of one that changes the host (<see cref="ChangingCommands"/>) recorded.</summary>
internal sealed class JournaledProcessRunner(IProcessRunner inner, ChangeRecorder changes) : IProcessRunner
{
    public Task<ProcessResult> RunAsync(string file, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        RunAsync(file, arguments, "", cancellationToken);

    /// <summary>
    /// An <c>ip -batch -</c> is recorded as its commands, one entry per command that changes the host: made, refused, or
    /// not run after an earlier one failed (iproute2 stops there). Another program with input is recorded as its run.
    /// </summary>
    public Task<ProcessResult> RunAsync(string file, IReadOnlyList<string> arguments, string standardInput, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(standardInput);
        if (Path.GetFileName(file) != "ip" || !IpCommand.IsBatch(arguments))
        {
            return ChangingCommands.Changes(file, arguments)
                ? changes.RecordAsync("run " + CommandLine.Format(file, arguments), () => inner.RunAsync(file, arguments, standardInput, cancellationToken))
                : inner.RunAsync(file, arguments, standardInput, cancellationToken);
        }

        return RecordedBatchAsync(file, arguments, standardInput, cancellationToken);
    }

    private async Task<ProcessResult> RecordedBatchAsync(string file, IReadOnlyList<string> arguments, string standardInput, CancellationToken cancellationToken)
    {
        var commands = standardInput.Split('\n').Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        var intents = commands
            .Select((command, i) => (Line: i + 1, Id: ChangingCommands.Changes(file, command) ? changes.Intend("run " + CommandLine.Format(file, command)) : (long?)null))
            .Where(intent => intent.Id is not null)
            .ToList();
        ProcessResult result;
        try
        {
            result = await inner.RunAsync(file, arguments, standardInput, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            intents.ForEach(intent => changes.Complete(intent.Id!.Value, $"{e.GetType().Name}: {e.Message}"));
            throw;
        }

        var failed = result.Succeeded ? int.MaxValue : IpCommand.FailedBatchLine(result.StandardError);
        foreach (var (line, id) in intents)
        {
            changes.Complete(id!.Value, line < failed ? null
                : line == failed ? $"exit code {result.ExitCode}: {result.StandardError.Trim()}"
                : failed is null ? $"not known whether it ran: ip stopped the batch (exit code {result.ExitCode}: {result.StandardError.Trim()})"
                : "not run: an earlier command of the same batch failed");
        }

        return result;
    }

    public IAsyncEnumerable<string> StreamLinesAsync(string file, IReadOnlyList<string> arguments, Action<int>? exited, CancellationToken cancellationToken) =>
        ChangingCommands.Changes(file, arguments)
            ? RecordedStreamAsync(file, arguments, exited, cancellationToken)
            : inner.StreamLinesAsync(file, arguments, exited, cancellationToken);

    /// <summary>The intent before the program starts, the result when its output ends (an exit code other than 0 is a failure).</summary>
    private async IAsyncEnumerable<string> RecordedStreamAsync(
        string file,
        IReadOnlyList<string> arguments,
        Action<int>? exited,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var id = changes.Intend("run " + CommandLine.Format(file, arguments));
        var exitCode = -1;
        string? error = "stopped before the program ended";
        try
        {
            await foreach (var line in inner.StreamLinesAsync(file, arguments, code => { exitCode = code; exited?.Invoke(code); }, cancellationToken).ConfigureAwait(false))
            {
                yield return line;
            }

            error = exitCode == 0 ? null : $"exit code {exitCode}";
        }
        finally
        {
            changes.Complete(id, error);
        }
    }
}
