namespace VirtSriov.Core.Labs.Emulated;

/// <summary>
/// When the emulated lab's guest powers itself off: never while a run uses it, and once nothing used it for
/// <see cref="IdleTimeout"/> since it booted or was last used (each boot costs minutes of the machine's cores, so it
/// does not idle forever).
/// </summary>
public sealed class IdlePowerOff(TimeProvider time, TimeSpan idleTimeout)
{
    private DateTimeOffset _lastUse = time.GetUtcNow();

    public TimeSpan IdleTimeout { get; } = idleTimeout;

    /// <summary>The guest booted or was used now.</summary>
    public void MarkUsed() => _lastUse = time.GetUtcNow();

    /// <summary>Called periodically while the guest runs: true when it should power off now.</summary>
    /// <param name="inUse">A run on the lab is active now.</param>
    public bool ShouldPowerOff(bool inUse)
    {
        if (inUse)
        {
            MarkUsed();
            return false;
        }

        return time.GetUtcNow() - _lastUse >= IdleTimeout;
    }
}
