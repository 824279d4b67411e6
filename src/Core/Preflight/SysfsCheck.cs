using VirtSriov.Core.Host;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Runs;

namespace VirtSriov.Core.Preflight;

/// <summary>A preflight check that only reads the host filesystem (sysfs, procfs, devfs).</summary>
public abstract class SysfsCheck : IPreflightCheck
{
    public abstract string Id { get; }

    public Task<IReadOnlyList<StepFinding>> RunAsync(ILabEnvironment lab, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lab);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<IReadOnlyList<StepFinding>>(Check(lab.Sysfs).ToList());
    }

    protected abstract IEnumerable<StepFinding> Check(ISysfs sysfs);

    protected static string? TryRead(ISysfs sysfs, string path) => sysfs.Exists(path) ? sysfs.ReadText(path) : null;
}
