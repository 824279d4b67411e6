namespace VirtSriov.Core.Steps;

/// <summary>
/// Something applying the plan interrupts, e.g. <c>virtsriov-worker-0</c> "is running: shut down, redefined and started again",
/// and what tearing the step down later does to it again. The wizard asks for consent naming each before it applies.
/// </summary>
public sealed record PlannedInterruption(string Target, string OnApply, string OnTeardown);
