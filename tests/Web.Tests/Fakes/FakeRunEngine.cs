using VirtSriov.Core.Runs;
using VirtSriov.Core.Steps;

namespace VirtSriov.Web.Tests.Fakes;

/// <summary>Records calls; CreateRunAsync throws <see cref="CreateError"/> when set.</summary>
public sealed class FakeRunEngine : IRunEngine
{
    public IReadOnlyList<IRunStep> Steps { get; init; } = FakeStep.All();

    public IReadOnlyList<IRunStep> StepsOf(RunProfile profile) => [.. Steps.Where(s => profile.Includes(s.Kind))];

    public Exception? CreateError { get; set; }

    public Guid CreatedRun { get; } = Guid.NewGuid();

    public List<string> Calls { get; } = [];

    /// <summary>The settings of the last CreateRunAsync call.</summary>
    public RunSettings? CreatedSettings { get; private set; }

    public Task<Guid> CreateRunAsync(Guid labId, RunSettings settings, CancellationToken cancellationToken)
    {
        Calls.Add($"create {labId}");
        CreatedSettings = settings;
        return CreateError is null ? Task.FromResult(CreatedRun) : Task.FromException<Guid>(CreateError);
    }

    public Task<IReadOnlyList<StepFinding>> InspectAsync(Guid runId, StepKind step, CancellationToken cancellationToken)
    {
        Calls.Add($"inspect {step}");
        return Task.FromResult<IReadOnlyList<StepFinding>>([]);
    }

    public Task<StepPlan> PlanAsync(Guid runId, StepKind step, CancellationToken cancellationToken)
    {
        Calls.Add($"plan {step}");
        return Task.FromResult(StepPlan.Create(step, "nothing", new NoPlanDetails()));
    }

    /// <summary>When set, ApplyAsync waits for it: a test sees the page while a step applies.</summary>
    public TaskCompletionSource? ApplyGate { get; set; }

    public async Task<StepRunRecord> ApplyAsync(Guid runId, StepKind step, CancellationToken cancellationToken)
    {
        Calls.Add($"apply {step}");
        if (ApplyGate is not null)
        {
            await ApplyGate.Task.WaitAsync(cancellationToken);
        }

        return StepRunRecord.Pending(step);
    }

    public Task<RunRecord> RunRemainingAsync(Guid runId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task CancelAsync(Guid runId)
    {
        Calls.Add("cancel");
        return Task.CompletedTask;
    }

    public Task ResumeAsync(Guid runId, CancellationToken cancellationToken)
    {
        Calls.Add("resume");
        return Task.CompletedTask;
    }

    public Task AbandonAsync(Guid runId, CancellationToken cancellationToken)
    {
        Calls.Add($"abandon {runId}");
        return Task.CompletedTask;
    }

    /// <summary>What TeardownAsync answers.</summary>
    public RunRecord? TeardownResult { get; set; }

    public Task<RunRecord> TeardownAsync(Guid runId, TeardownOptions options, CancellationToken cancellationToken)
    {
        Calls.Add(options.DeleteKcliCluster ? "teardown+kcli" : "teardown");
        return Task.FromResult(TeardownResult ?? throw new InvalidOperationException("Set TeardownResult first."));
    }
}
