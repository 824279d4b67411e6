using VirtSriov.Core.Audit;

namespace VirtSriov.Cli.Local;

/// <summary>The audit log's name for actions taken with <c>virtsriov run --local</c>: the system user, marked as the CLI.</summary>
public sealed class LocalCliActor : IAuditActor
{
    public Task<string> NameAsync() => Task.FromResult($"{Environment.UserName} (local CLI)");
}
