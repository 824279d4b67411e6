namespace VirtSriov.Core.Steps;

/// <summary>A step that can undo what its Apply made. Teardown is idempotent: nothing left to remove is success.</summary>
public interface IStepTeardown
{
    Task<StepOutcome> TeardownAsync(StepContext context, CancellationToken cancellationToken);
}
