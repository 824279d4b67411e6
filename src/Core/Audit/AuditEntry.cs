namespace VirtSriov.Core.Audit;

/// <summary>Who did what and when. <paramref name="Detail"/> never holds secrets.</summary>
/// <param name="Action">A stable name such as <c>run.create</c>, <c>step.apply</c>, <c>lab.kubeconfig</c>, <c>sign-in.failed</c>.</param>
public sealed record AuditEntry(DateTimeOffset At, string User, string Action, string Detail);
