using VirtSriov.Core.Audit;

namespace VirtSriov.Web.Audit;

/// <summary>Records an action of the signed-in operator in the audit log.</summary>
public sealed class Auditor(IAuditLog audit, CurrentUser user, TimeProvider time)
{
    /// <summary>Recorded without cancellation: an action that was started is on record even if the page goes away.</summary>
    public async Task RecordAsync(string action, string detail) =>
        await audit.RecordAsync(new AuditEntry(time.GetUtcNow(), await user.NameAsync(), action, detail), CancellationToken.None);
}
