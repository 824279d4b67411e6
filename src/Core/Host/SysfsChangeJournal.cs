using VirtSriov.Core.Processes;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Host;

/// <summary>
/// Makes the sysfs writes and <c>ip</c> commands of one Apply, logging each as a command line, and remembers how to
/// undo them, so that a failure midway can return the host to the state it was found in.
/// </summary>
internal sealed class SysfsChangeJournal(ISysfs sysfs, IStepLog log)
{
    private readonly List<(string Description, Func<CancellationToken, Task> Undo)> undoSteps = [];

    /// <summary>Changes made so far (sysfs writes and ip commands).</summary>
    public int Writes { get; private set; }

    public void Write(string path, string value)
    {
        log.Command("write", [path, value.Trim()]);
        sysfs.WriteText(path, value);
        Writes++;
    }

    /// <summary>Several writes in one batch (one round trip on a remote host), each logged as its own command line first.</summary>
    public void WriteAll(IReadOnlyList<SysfsWrite> writes)
    {
        if (writes.Count == 0)
        {
            return;
        }

        foreach (var write in writes)
        {
            log.Command("write", [write.Path, write.Value.Trim()]);
        }

        sysfs.WriteAll(writes);
        Writes += writes.Count;
    }

    /// <summary>Runs <c>ip</c> with <paramref name="arguments"/>; a non-zero exit becomes <see cref="IpCommandException"/>.</summary>
    public async Task IpAsync(IProcessRunner processes, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        log.Command("ip", arguments);
        await IpCommand.RunAsync(processes, arguments, cancellationToken).ConfigureAwait(false);
        Writes++;
    }

    /// <summary>
    /// Runs the <c>ip</c> <paramref name="changes"/>, each logged as its own command line, and then <paramref name="readBack"/>
    /// (a read, not logged), all in one ip process (<see cref="IpCommand.BatchAsync"/>); returns the read-back's output.
    /// </summary>
    /// <exception cref="IpCommandException">The first command that failed; those after it did not run.</exception>
    public async Task<string> IpAllAsync(IProcessRunner processes, IReadOnlyList<IReadOnlyList<string>> changes, IReadOnlyList<string> readBack, CancellationToken cancellationToken)
    {
        foreach (var arguments in changes)
        {
            log.Command("ip", arguments);
        }

        var output = await IpCommand.BatchAsync(processes, [.. changes, readBack], cancellationToken).ConfigureAwait(false);
        Writes += changes.Count;
        return output;
    }

    /// <summary>Registers an undo, described as what it restores (e.g. "sriov_numvfs restored to 4").</summary>
    public void OnRollback(string description, Action undo) => undoSteps.Add((description, _ =>
    {
        undo();
        return Task.CompletedTask;
    }));

    public void OnRollback(string description, Func<CancellationToken, Task> undo) => undoSteps.Add((description, undo));

    /// <summary>Runs the undos, last first; returns one line per undo saying whether it worked.</summary>
    public async Task<IReadOnlyList<string>> RollBackAsync(CancellationToken cancellationToken)
    {
        var results = new List<string>();
        for (var i = undoSteps.Count - 1; i >= 0; i--)
        {
            var (description, undo) = undoSteps[i];
            try
            {
                await undo(cancellationToken).ConfigureAwait(false);
                results.Add(description);
            }
            catch (Exception ex) when (ex is IOException or IpCommandException or ActionableException)
            {
                results.Add($"NOT {description} ({ex.Message})");
            }
        }

        undoSteps.Clear();
        return results;
    }
}
