using Microsoft.AspNetCore.Components;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Steps;

namespace VirtSriov.Web.Components.Controls;

/// <summary>A step's plan: summary, warnings, the table of changes and the generated files.</summary>
public sealed partial class PlanView
{
    /// <summary>The plan to show; null shows "No plan yet".</summary>
    [Parameter]
    public StepPlan? Plan { get; set; }

    /// <summary>Artifacts stored with the run, used for download links of the plan's files.</summary>
    [Parameter]
    public IReadOnlyList<ArtifactInfo> Stored { get; set; } = [];

    private string? StoredUrl(PlanArtifact artifact) =>
        Stored.FirstOrDefault(a => a.Step == Plan?.Step && a.Name == artifact.Name) is { } stored
            ? ArtifactLinks.Download(stored.Id)
            : null;
}
