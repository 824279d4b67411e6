using VirtSriov.Core.Steps;

namespace VirtSriov.Web.Api;

/// <summary>The <c>{step}</c> of a route: a step name such as <c>Preflight</c> (any case), or a 400 naming the valid ones.</summary>
public static class StepRoute
{
    public static bool TryParse(string step, out StepKind kind) =>
        Enum.TryParse(step, ignoreCase: true, out kind) && Enum.IsDefined(kind) && !int.TryParse(step, out _);

    public static FieldError Error(string step) =>
        new("step", $"'{step}' is not a step; use one of {string.Join(", ", Enum.GetNames<StepKind>())}.");
}
