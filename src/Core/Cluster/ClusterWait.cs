using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Cluster;

/// <summary>Waits on the cluster with a deadline in the injected time; a timeout says what was awaited and what to check.</summary>
public static class ClusterWait
{
    /// <summary>
    /// Reads the state every <paramref name="interval"/> until <paramref name="done"/> holds, and returns it; after
    /// <paramref name="timeout"/> throws with <paramref name="what"/> and what <paramref name="missing"/> says is still missing.
    /// </summary>
    public static async Task<T> UntilAsync<T>(
        Func<CancellationToken, Task<T>> read,
        Func<T, bool> done,
        Func<T, string> missing,
        string what,
        string fix,
        TimeSpan timeout,
        TimeSpan interval,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + timeout;
        while (true)
        {
            var state = await read(cancellationToken).ConfigureAwait(false);
            if (done(state))
            {
                return state;
            }

            if (time.GetUtcNow() >= deadline)
            {
                throw new ActionableException($"Timed out after {timeout} waiting for {what}: {missing(state)}.", fix);
            }

            await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs <paramref name="action"/> with a token that is also cancelled after <paramref name="timeout"/>, which then becomes an actionable error.</summary>
    public static async Task<T> WithTimeoutAsync<T>(
        Func<CancellationToken, Task<T>> action,
        string what,
        string fix,
        TimeSpan timeout,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await action(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ActionableException($"Timed out after {timeout} waiting for {what}.", fix, inner: e);
        }
    }
}
