namespace VirtSriov.Core.Audit;

/// <summary>Records an action of the acting operator in the audit log.</summary>
public sealed class Auditor(IAuditLog audit, IAuditActor actor, TimeProvider time)
{
    /// <summary>Recorded without cancellation: an action that was started is on record even if the caller goes away.</summary>
    public async Task RecordAsync(string action, string detail) =>
        await audit.RecordAsync(new AuditEntry(time.GetUtcNow(), await actor.NameAsync(), action, detail), CancellationToken.None);
}
