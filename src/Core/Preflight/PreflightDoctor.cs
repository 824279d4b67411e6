using VirtSriov.Core.Labs;
using VirtSriov.Core.Runs;

namespace VirtSriov.Core.Preflight;

/// <summary>Runs the preflight checks against a lab and reports their findings; changes nothing.</summary>
public sealed class PreflightDoctor
{
    private readonly TimeProvider time;
    private readonly IReadOnlyList<IPreflightCheck> checks;

    public PreflightDoctor(TimeProvider time)
        : this(time, DefaultChecks)
    {
    }

    public PreflightDoctor(TimeProvider time, IReadOnlyList<IPreflightCheck> checks)
    {
        this.time = time;
        this.checks = checks;
    }

    /// <summary>The host checks of the recipe, in the order the wizard shows them.</summary>
    public static IReadOnlyList<IPreflightCheck> DefaultChecks { get; } =
    [
        new CpuCheck(),
        new KvmCheck(),
        new IommuCheck(),
        new VfioModulesCheck(),
        new HugepagesCheck(),
        new MemoryCheck(),
        new SriovNicsCheck(),
    ];

    public async Task<PreflightReport> ExamineAsync(ILabEnvironment lab, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lab);
        var findings = new List<StepFinding>();
        foreach (var check in checks)
        {
            findings.AddRange(await check.RunAsync(lab, cancellationToken));
        }

        return new PreflightReport(time.GetUtcNow(), lab.Sysfs.IsSimulated, findings);
    }
}
