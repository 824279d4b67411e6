using VirtSriov.Core.Processes;

namespace VirtSriov.TestDoubles;

/// <summary>Passes programs to an inner runner, records every call, and fails the chosen call once with an exit code and message.</summary>
public sealed class HostTestFailingProcesses(IProcessRunner inner, Func<IReadOnlyList<string>, bool> fails, int exitCode, string error) : IProcessRunner
{
    private bool failed;

    public List<string> Calls { get; } = [];

    public Task<ProcessResult> RunAsync(string file, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        Calls.Add($"{file} {string.Join(' ', arguments)}");
        if (!failed && fails(arguments))
        {
            failed = true;
            return Task.FromResult(new ProcessResult(exitCode, "", error));
        }

        return inner.RunAsync(file, arguments, cancellationToken);
    }

    public IAsyncEnumerable<string> StreamLinesAsync(string file, IReadOnlyList<string> arguments, Action<int>? exited, CancellationToken cancellationToken) =>
        inner.StreamLinesAsync(file, arguments, exited, cancellationToken);
}
