using VirtSriov.Core.Processes;

namespace VirtSriov.Core.Labs.Changes;

/// <summary>The lab's programs, with every run of one that changes the host (<see cref="ChangingCommands"/>) recorded.</summary>
internal sealed class JournaledProcessRunner(IProcessRunner inner, ChangeRecorder changes) : IProcessRunner
{
    public Task<ProcessResult> RunAsync(string file, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        ChangingCommands.Changes(file, arguments)
            ? changes.RecordAsync("run " + CommandLine.Format(file, arguments), () => inner.RunAsync(file, arguments, cancellationToken))
            : inner.RunAsync(file, arguments, cancellationToken);

    /// <summary>A batch's commands are its input (<c>ip -batch -</c>): whether it changes the host, and what the journal shows, include them.</summary>
    public Task<ProcessResult> RunAsync(string file, IReadOnlyList<string> arguments, string standardInput, CancellationToken cancellationToken) =>
        ChangingCommands.Changes(file, [.. arguments, .. standardInput.Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries)])
            ? changes.RecordAsync($"run {CommandLine.Format(file, arguments)} <<< {string.Join("; ", standardInput.Split('\n', StringSplitOptions.RemoveEmptyEntries))}", () => inner.RunAsync(file, arguments, standardInput, cancellationToken))
            : inner.RunAsync(file, arguments, standardInput, cancellationToken);

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
