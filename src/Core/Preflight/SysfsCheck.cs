using VirtSriov.Core.Host;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Preflight;

/// <summary>A preflight check that only reads the host filesystem (sysfs, procfs, devfs, /lib, /usr/share).</summary>
public abstract class SysfsCheck : IPreflightCheck
{
    public abstract string Id { get; }

    public Task<IReadOnlyList<StepFinding>> RunAsync(PreflightContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<IReadOnlyList<StepFinding>>(Check(context.Lab.Sysfs, context.Settings).ToList());
    }

    protected abstract IEnumerable<StepFinding> Check(ISysfs sysfs, RunSettings settings);

    /// <summary>The file's text, or null when it is missing or unreadable (many procfs/sysfs files are root-only).</summary>
    protected static string? TryRead(ISysfs sysfs, string path)
    {
        try
        {
            return sysfs.Exists(path) ? sysfs.ReadText(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
