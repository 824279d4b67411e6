using VirtSriov.Core.Steps;

namespace VirtSriov.Web.Components.Controls;

public static class WizardLinks
{
    public static string Step(Guid runId, StepKind step) => $"/runs/{runId}/wizard/{step}";

    public static string Run(Guid runId) => $"/runs/{runId}";

    public static string Compare(Guid a, Guid b) => $"/runs/compare?a={a}&b={b}";
}
