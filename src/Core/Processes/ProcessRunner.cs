using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace VirtSriov.Core.Processes;

/// <summary>The real process runner: <see cref="ProcessStartInfo.ArgumentList"/>, no shell.</summary>
public sealed class ProcessRunner : IProcessRunner
{
    public Task<ProcessResult> RunAsync(string file, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        RunAsync(file, arguments, "", cancellationToken);

    public async Task<ProcessResult> RunAsync(string file, IReadOnlyList<string> arguments, string standardInput, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(standardInput);
        using var process = Start(file, arguments);
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await WriteInputAsync(process, standardInput, cancellationToken).ConfigureAwait(false);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new ProcessResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    public async IAsyncEnumerable<string> StreamLinesAsync(
        string file,
        IReadOnlyList<string> arguments,
        Action<int>? exited,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var process = Start(file, arguments);
        var lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
        var pumps = Task.WhenAll(Pump(process.StandardOutput, lines.Writer), Pump(process.StandardError, lines.Writer));
        _ = pumps.ContinueWith(_ => lines.Writer.TryComplete(), TaskScheduler.Default);
        using var kill = cancellationToken.Register(() => TryKill(process));

        await foreach (var line in lines.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            yield return line;
        }

        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        exited?.Invoke(process.ExitCode);
    }

    /// <summary>Writes the input and closes it, so the program reads end-of-file after it (never a terminal, never a hang).</summary>
    private static async Task WriteInputAsync(Process process, string standardInput, CancellationToken cancellationToken)
    {
        try
        {
            await process.StandardInput.WriteAsync(standardInput.AsMemory(), cancellationToken).ConfigureAwait(false);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The program exited without reading all of its input; its exit code and output tell what happened.
        }
    }

    private static async Task Pump(StreamReader reader, ChannelWriter<string> writer)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            await writer.WriteAsync(line).ConfigureAwait(false);
        }
    }

    /// <summary>Starts a program with its three standard streams redirected (stdin too, so it never reads a terminal).</summary>
    /// <exception cref="ProgramNotFoundException">The file does not exist or cannot be executed.</exception>
    public static Process Start(string file, IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        try
        {
            return Process.Start(info) ?? throw new ProgramNotFoundException(file);
        }
        catch (Win32Exception e)
        {
            throw new ProgramNotFoundException(file, e);
        }
    }

    private static void TryKill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}
