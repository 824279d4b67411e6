namespace VirtSriov.Core.Labs.Changes;

/// <summary>
/// Wraps one change of one lab in its intent and result records. <paramref name="delay"/> (simulated labs only) passes
/// between the intent and the change.
/// </summary>
public sealed class ChangeRecorder(IChangeJournal journal, Guid labId, TimeProvider time, TimeSpan delay = default)
{
    /// <summary>Longest change text stored; a change names a path, a command or an object, never bulk data.</summary>
    public const int MaxChangeLength = 1000;

    /// <summary>Stores the intent now; pair with <see cref="Complete"/>.</summary>
    public long Intend(string change) => journal.RecordIntent(labId, Cap(change), time.GetUtcNow());

    /// <summary>Stores the result of <paramref name="intentId"/>: null error for success.</summary>
    public void Complete(long intentId, string? error) => journal.RecordResult(intentId, error is null ? null : Cap(error), time.GetUtcNow());

    public void Record(string change, Action apply) =>
        Record(change, () =>
        {
            apply();
            return true;
        });

    public T Record<T>(string change, Func<T> apply)
    {
        var id = Intend(change);
        T result;
        try
        {
            if (delay > TimeSpan.Zero)
            {
                // Sysfs writes are synchronous, so the simulated slow host blocks like a slow write would.
                Thread.Sleep(delay);
            }

            result = apply();
        }
        catch (Exception e)
        {
            Complete(id, e.GetType().Name + ": " + e.Message);
            throw;
        }

        Complete(id, null);
        return result;
    }

    public Task RecordAsync(string change, Func<Task> apply) =>
        RecordAsync(change, async () =>
        {
            await apply().ConfigureAwait(false);
            return true;
        });

    public async Task<T> RecordAsync<T>(string change, Func<Task<T>> apply)
    {
        var id = Intend(change);
        T result;
        try
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, time).ConfigureAwait(false);
            }

            result = await apply().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Complete(id, e.GetType().Name + ": " + e.Message);
            throw;
        }

        Complete(id, null);
        return result;
    }

    private static string Cap(string text) => text.Length <= MaxChangeLength ? text : text[..(MaxChangeLength - 1)] + "…";
}
