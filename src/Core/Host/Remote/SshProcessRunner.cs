using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using Renci.SshNet;
using Renci.SshNet.Common;
using VirtSriov.Core.Processes;

namespace VirtSriov.Core.Host.Remote;

/// <summary>
/// Runs programs on the lab's host over its SSH connection. The argument list is quoted for the remote login shell
/// (<see cref="ShellQuote"/>), so nothing in an argument is interpreted there.
/// </summary>
public sealed class SshProcessRunner(SshConnection connection) : IProcessRunner
{
    /// <summary>POSIX shells exit 127 when the program is not found.</summary>
    private const int NotFound = 127;

    public Task<ProcessResult> RunAsync(string file, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        RunAsync(file, arguments, "", cancellationToken);

    public Task<ProcessResult> RunAsync(string file, IReadOnlyList<string> arguments, string standardInput, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(standardInput);
        var text = ShellQuote.Join(file, arguments);
        return connection.RunAsync(text, async client =>
        {
            // SSH.NET ends the input only after some data, so an empty input is the host's /dev/null: a program that
            // reads its input ends instead of waiting for ever.
            using var command = client.CreateCommand(standardInput.Length == 0 ? text + " </dev/null" : text);
            var execution = command.ExecuteAsync(cancellationToken);
            try
            {
                if (standardInput.Length > 0)
                {
                    using var input = command.CreateInputStream();
                    await input.WriteAsync(Encoding.UTF8.GetBytes(standardInput), cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                await execution.ConfigureAwait(false);
            }
            var exit = ExitCode(command);
            if (exit == NotFound && command.Error.Contains("not found", StringComparison.Ordinal))
            {
                throw new ProgramNotFoundException(file);
            }

            return new ProcessResult(exit, command.Result, command.Error);
        }, cancellationToken);
    }

    public async IAsyncEnumerable<string> StreamLinesAsync(
        string file,
        IReadOnlyList<string> arguments,
        Action<int>? exited,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var text = ShellQuote.Join(file, arguments);
        var lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
        var run = connection.RunAsync(text, client => StreamAsync(client, text, lines.Writer, cancellationToken), cancellationToken);
        _ = run.ContinueWith(t => lines.Writer.TryComplete(t.Exception?.InnerException), TaskScheduler.Default);

        await foreach (var line in lines.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            yield return line;
        }

        var exit = await run.ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (exit == NotFound)
        {
            throw new ProgramNotFoundException(file);
        }

        exited?.Invoke(exit);
    }

    private static async Task<int> StreamAsync(SshClient client, string text, ChannelWriter<string> lines, CancellationToken cancellationToken)
    {
        using var command = client.CreateCommand(text);
        var execution = command.ExecuteAsync(cancellationToken);
        var pumps = Task.WhenAll(Pump(command.OutputStream, lines), Pump(command.ExtendedOutputStream, lines));
        try
        {
            await execution.ConfigureAwait(false);
        }
        finally
        {
            await pumps.ConfigureAwait(false);
        }

        return ExitCode(command);
    }

    /// <summary>The exit code; a command that ended with neither exit code nor signal lost its connection.</summary>
    internal static int ExitCode(SshCommand command) =>
        command.ExitStatus ?? (command.ExitSignal is null ? throw new SshConnectionException("the command ended without an exit status") : -1);

    private static async Task Pump(Stream stream, ChannelWriter<string> lines)
    {
        using var reader = new StreamReader(stream, leaveOpen: true);
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            await lines.WriteAsync(line).ConfigureAwait(false);
        }
    }
}
