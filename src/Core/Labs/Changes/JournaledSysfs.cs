using VirtSriov.Core.Host;

namespace VirtSriov.Core.Labs.Changes;

/// <summary>The lab's sysfs with every write recorded in the change journal.</summary>
internal sealed class JournaledSysfs(ISysfs inner, ChangeRecorder changes) : ISysfs
{
    public bool IsSimulated => inner.IsSimulated;

    public bool Exists(string path) => inner.Exists(path);

    public string ReadText(string path) => inner.ReadText(path);

    public void WriteText(string path, string value) => changes.Record(Change(path, value), () => inner.WriteText(path, value));

    /// <summary>
    /// One batch, journaled per change: every write's intent before the batch runs, then each write's result: made, refused,
    /// or not made because an earlier write in the batch was refused.
    /// </summary>
    public void WriteAll(IReadOnlyList<SysfsWrite> writes)
    {
        ArgumentNullException.ThrowIfNull(writes);
        if (inner.IsSimulated)
        {
            // The simulated lab may slow each change (SimulatedLabChangeDelay) so a kill lands mid-change: one at a time.
            foreach (var write in writes)
            {
                WriteText(write.Path, write.Value);
            }

            return;
        }

        var intents = writes.Select(w => changes.Intend(Change(w.Path, w.Value))).ToList();
        try
        {
            inner.WriteAll(writes);
        }
        catch (SysfsWriteException e)
        {
            var failed = IndexOf(writes, e);
            for (var i = 0; i < intents.Count; i++)
            {
                changes.Complete(intents[i], i < failed ? null : i == failed ? $"{e.GetType().Name}: {e.Message}" : "not made: an earlier write of the same batch was refused");
            }

            throw;
        }
        catch (Exception e)
        {
            intents.ForEach(id => changes.Complete(id, $"{e.GetType().Name}: {e.Message}"));
            throw;
        }

        intents.ForEach(id => changes.Complete(id, null));
    }

    public ISysfs Snapshot(IReadOnlyList<string> folders, IReadOnlyList<string> attributes, IReadOnlyList<string> subfolders) =>
        inner.Snapshot(folders, attributes, subfolders);

    public IReadOnlyList<string> List(string directory) => inner.List(directory);

    public string? ReadLink(string path) => inner.ReadLink(path);

    private static string Change(string path, string value) => $"write {value.Trim()} to {path}";

    /// <summary>The refused write: the first with its path and value (an unknown one counts as the first, so nothing is claimed as made).</summary>
    private static int IndexOf(IReadOnlyList<SysfsWrite> writes, SysfsWriteException e)
    {
        for (var i = 0; i < writes.Count; i++)
        {
            if (writes[i].Path == e.Path && writes[i].Value == e.Value)
            {
                return i;
            }
        }

        return 0;
    }
}
