using Microsoft.Extensions.Time.Testing;

namespace VirtSriov.Core.Tests.TestSupport;

/// <summary>Moves fake time on in small steps until a task completes; bounded in steps and by a real-time timeout.</summary>
internal static class FakeTimePump
{
    public static async Task<T> RunAsync<T>(FakeTimeProvider time, Task<T> task, TimeSpan? step = null)
    {
        var increment = step ?? TimeSpan.FromMilliseconds(5);
        for (var i = 0; i < 100_000 && !task.IsCompleted; i++)
        {
            time.Advance(increment);
            await Task.Yield();
        }

        return await task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
    }
}
