namespace VirtSriov.Core.Audit;

/// <summary>Who is acting in this scope, as the audit log names them: the signed-in operator, or the local CLI's user.</summary>
public interface IAuditActor
{
    Task<string> NameAsync();
}
