using System.Text.Json;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Preflight;

/// <summary>The result of every preflight check at one moment, as the API and the wizard show it.</summary>
public sealed record PreflightReport(DateTimeOffset CheckedAt, bool Simulated, IReadOnlyList<StepFinding> Findings)
{
    public bool HasErrors => Findings.Any(f => f.Severity == FindingSeverity.Error);

    public IReadOnlyList<StepFinding> Errors => Findings.Where(f => f.Severity == FindingSeverity.Error).ToList();

    public string ToJson() => JsonSerializer.Serialize(this, RunJson.Options);
}
