using VirtSriov.Core.Labs.Changes;

namespace VirtSriov.TestDoubles;

/// <summary>The change journal in a list (the SQLite one is tested in Data.Tests).</summary>
public sealed class InMemoryChangeJournal : IChangeJournal
{
    private readonly Lock gate = new();
    private readonly List<Entry> entries = [];

    public IReadOnlyList<Entry> Entries
    {
        get
        {
            lock (gate)
            {
                return [.. entries];
            }
        }
    }

    public long RecordIntent(Guid labId, string change, DateTimeOffset at)
    {
        lock (gate)
        {
            entries.Add(new Entry(entries.Count + 1, labId, change, at, Completed: false, Error: null, Reported: false));
            return entries.Count;
        }
    }

    public void RecordResult(long intentId, string? error, DateTimeOffset at)
    {
        lock (gate)
        {
            entries[(int)intentId - 1] = entries[(int)intentId - 1] with { Completed = true, Error = error };
        }
    }

    public Task<IReadOnlyList<UnfinishedChange>> TakeUnfinishedAsync(Guid labId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var open = entries.Where(e => e.LabId == labId && !e.Completed && !e.Reported).ToList();
            foreach (var entry in open)
            {
                entries[(int)entry.Id - 1] = entry with { Reported = true };
            }

            return Task.FromResult<IReadOnlyList<UnfinishedChange>>([.. open.Select(e => new UnfinishedChange(e.Id, e.At, e.Change))]);
        }
    }

    public sealed record Entry(long Id, Guid LabId, string Change, DateTimeOffset At, bool Completed, string? Error, bool Reported);
}
