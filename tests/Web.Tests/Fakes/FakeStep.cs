using VirtSriov.Core.Steps;

namespace VirtSriov.Web.Tests.Fakes;

/// <summary>A step that only has a kind, a title and limitations; the fake engine never runs it.</summary>
public sealed class FakeStep(StepKind kind, string? limitations = null) : IRunStep
{
    public StepKind Kind { get; } = kind;

    public string Title => $"Title of {Kind}";

    public string? Limitations { get; } = limitations;

    public Task<IReadOnlyList<StepFinding>> InspectAsync(StepContext context, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<StepPlan> PlanAsync(StepContext context, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<StepOutcome> ApplyAsync(StepContext context, StepPlan plan, CancellationToken cancellationToken) => throw new NotSupportedException();

    public static IReadOnlyList<IRunStep> All(string? limitations = null) => [.. Enum.GetValues<StepKind>().Select(k => new FakeStep(k, limitations))];
}
