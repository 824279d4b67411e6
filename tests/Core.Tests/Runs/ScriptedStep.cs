using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Tests.Runs;

/// <summary>A step whose behaviour a test scripts: it counts calls and can block, fail or find errors.</summary>
internal sealed class ScriptedStep(StepKind kind, List<StepKind>? teardownOrder = null) : IRunStep, IStepTeardown
{
    private int _applied;

    public StepKind Kind { get; } = kind;

    public string Title => Kind.ToString();

    public string? Limitations => null;

    public int ApplyCalls;

    public List<StepFinding> Findings { get; } = [];

    public Exception? FailWith { get; set; }

    public Exception? TeardownFailsWith { get; set; }

    /// <summary>When set, Apply waits for it (or for cancellation) before finishing.</summary>
    public TaskCompletionSource? Hold { get; set; }

    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<IReadOnlyList<StepFinding>> InspectAsync(StepContext context, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StepFinding>>(Findings);

    public Task<StepPlan> PlanAsync(StepContext context, CancellationToken cancellationToken) =>
        Task.FromResult(StepPlan.Create(Kind, $"{Kind} plan", new NoPlanDetails(),
            _applied > 0 ? [] : [new PlannedChange(Kind.ToString(), "make it so")],
            [new PlanArtifact($"{Kind}.txt", "text", "content")]));

    public async Task<StepOutcome> ApplyAsync(StepContext context, StepPlan plan, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref ApplyCalls);
        context.Log.Info($"{Kind} applying");
        Entered.TrySetResult();
        if (Hold is { } hold)
        {
            await hold.Task.WaitAsync(cancellationToken);
        }

        if (FailWith is { } failure)
        {
            throw failure;
        }

        var changed = Interlocked.Exchange(ref _applied, 1) == 0;
        return new StepOutcome(changed, changed ? "changed" : "already so");
    }

    public Task<StepOutcome> TeardownAsync(StepContext context, CancellationToken cancellationToken)
    {
        if (TeardownFailsWith is { } failure)
        {
            throw failure;
        }

        teardownOrder?.Add(Kind);
        var removed = Interlocked.Exchange(ref _applied, 0) == 1;
        return Task.FromResult(new StepOutcome(removed, removed ? "removed" : "nothing to remove"));
    }
}
