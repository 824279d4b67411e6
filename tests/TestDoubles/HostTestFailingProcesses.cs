using VirtSriov.Core.Processes;

namespace VirtSriov.TestDoubles;

/// <summary>Passes programs to an inner runner, records every call, and fails the chosen call (or batch line) once with an exit code and message.</summary>
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

    /// <summary>In <c>ip -batch -</c>, the chosen command fails as its line: the lines before it run, the batch ends there (exit 1, "Command failed -:LINE").</summary>
    public async Task<ProcessResult> RunAsync(string file, IReadOnlyList<string> arguments, string standardInput, CancellationToken cancellationToken)
    {
        if (arguments is not ["-batch", "-"])
        {
            return await RunAsync(file, arguments, cancellationToken);
        }

        Calls.Add($"{file} {string.Join(' ', arguments)} <<< {standardInput.Replace('\n', ';')}");
        var lines = standardInput.Split('\n');
        var failing = failed ? -1 : Array.FindIndex(lines, line => fails(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        if (failing < 0)
        {
            return await inner.RunAsync(file, arguments, standardInput, cancellationToken);
        }

        failed = true;
        var before = await inner.RunAsync(file, arguments, string.Join('\n', lines[..failing]), cancellationToken);
        return before.Succeeded ? new ProcessResult(1, before.StandardOutput, $"{error}Command failed -:{failing + 1}\n") : before;
    }

    public IAsyncEnumerable<string> StreamLinesAsync(string file, IReadOnlyList<string> arguments, Action<int>? exited, CancellationToken cancellationToken) =>
        inner.StreamLinesAsync(file, arguments, exited, cancellationToken);
}
