namespace VirtSriov.Core.Labs;

/// <summary>Work done once each time a lab's seams are opened, before the first use (e.g. clearing up after a crash).</summary>
public interface ILabEnvironmentOpened
{
    /// <summary>Must not throw for the lab's sake: a failure here is logged, the lab still opens.</summary>
    Task OnOpenedAsync(ILabEnvironment environment, CancellationToken cancellationToken);
}
