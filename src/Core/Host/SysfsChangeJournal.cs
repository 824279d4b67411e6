using VirtSriov.Core.Runs;

namespace VirtSriov.Core.Host;

/// <summary>
/// Makes the sysfs writes of one Apply, logging each as a command line, and remembers how to undo them,
/// so that a failure midway can return the host to the state it was found in.
/// </summary>
internal sealed class SysfsChangeJournal(ISysfs sysfs, IStepLog log)
{
    private readonly List<(string Description, Action Undo)> undoSteps = [];

    public int Writes { get; private set; }

    public void Write(string path, string value)
    {
        log.Command("write", [path, value.Trim()]);
        sysfs.WriteText(path, value);
        Writes++;
    }

    /// <summary>Registers an undo, described as what it restores (e.g. "sriov_numvfs restored to 4").</summary>
    public void OnRollback(string description, Action undo) => undoSteps.Add((description, undo));

    /// <summary>Runs the undos, last first; returns one line per undo saying whether it worked.</summary>
    public IReadOnlyList<string> RollBack()
    {
        var results = new List<string>();
        for (var i = undoSteps.Count - 1; i >= 0; i--)
        {
            var (description, undo) = undoSteps[i];
            try
            {
                undo();
                results.Add(description);
            }
            catch (IOException ex)
            {
                results.Add($"NOT {description} ({ex.Message})");
            }
        }

        undoSteps.Clear();
        return results;
    }
}
