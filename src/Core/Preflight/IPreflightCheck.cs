using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Preflight;

/// <summary>One preflight check: reads the lab, never changes it, and reports what it saw with why and the fix.</summary>
public interface IPreflightCheck
{
    /// <summary>Stable id prefix of its findings, e.g. <c>iommu</c>.</summary>
    string Id { get; }

    Task<IReadOnlyList<StepFinding>> RunAsync(PreflightContext context, CancellationToken cancellationToken);
}
