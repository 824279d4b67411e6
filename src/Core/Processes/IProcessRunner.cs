namespace VirtSriov.Core.Processes;

/// <summary>Runs programs with argument lists, never through a shell.</summary>
public interface IProcessRunner
{
    /// <summary>Runs to completion and captures output. Throws <see cref="ProgramNotFoundException"/> when the file is missing.</summary>
    Task<ProcessResult> RunAsync(string file, IReadOnlyList<string> arguments, CancellationToken cancellationToken);

    /// <summary>As <see cref="RunAsync(string, IReadOnlyList{string}, CancellationToken)"/>, with <paramref name="standardInput"/> as the program's whole standard input.</summary>
    Task<ProcessResult> RunAsync(string file, IReadOnlyList<string> arguments, string standardInput, CancellationToken cancellationToken);

    /// <summary>
    /// Starts the program and yields its standard output and standard error lines as they come.
    /// Cancelling kills the process tree. The exit code is reported through <paramref name="exited"/>.
    /// </summary>
    IAsyncEnumerable<string> StreamLinesAsync(
        string file,
        IReadOnlyList<string> arguments,
        Action<int>? exited,
        CancellationToken cancellationToken);
}
