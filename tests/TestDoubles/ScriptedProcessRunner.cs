using VirtSriov.Core.Processes;

namespace VirtSriov.TestDoubles;

/// <summary>Answers programs from a script (file + arguments → result); an unknown program is not found. Records every call.</summary>
public sealed class ScriptedProcessRunner : IProcessRunner
{
    private readonly Dictionary<string, ProcessResult> answers = new(StringComparer.Ordinal);

    public List<string> Calls { get; } = [];

    public ScriptedProcessRunner Answer(string file, IReadOnlyList<string> arguments, ProcessResult result)
    {
        answers[Key(file, arguments)] = result;
        return this;
    }

    public Task<ProcessResult> RunAsync(string file, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        RunAsync(file, arguments, "", cancellationToken);

    /// <summary>A call with input is answered as the call without it.</summary>
    public Task<ProcessResult> RunAsync(string file, IReadOnlyList<string> arguments, string standardInput, CancellationToken cancellationToken)
    {
        var key = Key(file, arguments);
        lock (Calls)
        {
            Calls.Add(key);
        }

        if (answers.TryGetValue(key, out var result))
        {
            return Task.FromResult(result);
        }

        return answers.Keys.Any(k => k.StartsWith(file + " ", StringComparison.Ordinal))
            ? Task.FromResult(new ProcessResult(1, "", $"unexpected arguments: {key}"))
            : throw new ProgramNotFoundException(file);
    }

    public IAsyncEnumerable<string> StreamLinesAsync(string file, IReadOnlyList<string> arguments, Action<int>? exited, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    private static string Key(string file, IReadOnlyList<string> arguments) => string.Join(' ', [file, .. arguments]);
}
