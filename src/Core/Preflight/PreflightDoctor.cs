using VirtSriov.Core.Labs;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Preflight;

/// <summary>
/// Runs the preflight checks against a lab and reports their findings; changes nothing. The wizard's Preflight step,
/// the <c>/api/preflight</c> endpoint and <c>virtsriov preflight --json</c> all ask this doctor.
/// </summary>
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
        new InterruptRemappingCheck(),
        new VfioModulesCheck(),
        new LibvirtCheck(),
        new QemuCheck(),
        new OvmfCheck(),
        new HugepagesCheck(),
        new MemoryCheck(),
        new WorkerMemoryCheck(),
        new SriovNicsCheck(),
        new VfsInUseCheck(),
        new DefaultRouteCheck(),
    ];

    /// <summary>Examines the lab for the default settings (the default workers, no planned PF).</summary>
    public Task<PreflightReport> ExamineAsync(ILabEnvironment lab, CancellationToken cancellationToken) =>
        ExamineAsync(lab, new RunSettings(), cancellationToken);

    /// <summary>Examines the lab for a run's settings: the planned PF and workers sharpen some findings.</summary>
    public async Task<PreflightReport> ExamineAsync(ILabEnvironment lab, RunSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentNullException.ThrowIfNull(settings);
        var context = new PreflightContext(lab, settings);
        var findings = new List<StepFinding>();
        foreach (var check in checks)
        {
            findings.AddRange(await RunAsync(check, context, cancellationToken).ConfigureAwait(false));
        }

        return new PreflightReport(time.GetUtcNow(), lab.Sysfs.IsSimulated, await TcgWorkers.RelaxAsync(findings, context, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>A check that breaks on an unexpected host reports that as a warning instead of hiding every other finding.</summary>
    /// <summary>
    /// The report of a lab that may not open (libvirtd down, a missing or empty sysfs root): then the report holds one
    /// Error finding with the fix instead of an exception, for the API and the pages alike.
    /// </summary>
    public async Task<PreflightReport> ExamineAsync(LabDefinition lab, LabEnvironmentCache environments, RunSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentNullException.ThrowIfNull(environments);
        ILabEnvironment environment;
        try
        {
            environment = await environments.GetAsync(lab, cancellationToken).ConfigureAwait(false);
        }
        catch (ActionableException e)
        {
            return new PreflightReport(time.GetUtcNow(), lab.IsSimulated,
            [
                new StepFinding("lab.unreachable", FindingSeverity.Error, $"Lab '{lab.Name}'", $"cannot be opened: {e.Message}",
                    "Nothing on this lab can be checked or changed until it opens.", e.Fix),
            ]);
        }

        return await ExamineAsync(environment, settings, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<StepFinding>> RunAsync(IPreflightCheck check, PreflightContext context, CancellationToken cancellationToken)
    {
        try
        {
            return await check.RunAsync(context, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not (OperationCanceledException or OutOfMemoryException))
        {
            return
            [
                new StepFinding(
                    $"{check.Id}.failed",
                    FindingSeverity.Warning,
                    $"Check '{check.Id}'",
                    $"could not run: {e.GetType().Name}: {e.Message}",
                    "The check could not read what it needs, so this part of the host is unverified.",
                    "Run 'virtsriov preflight' as root on the hypervisor, or report the message."),
            ];
        }
    }
}
