using VirtSriov.Core.Labs;

namespace VirtSriov.Web.Tests.Fakes;

public sealed class FakeLabStore : ILabStore
{
    public List<LabDefinition> Labs { get; } = [];

    public Dictionary<Guid, string> Kubeconfigs { get; } = [];

    public Task<IReadOnlyList<LabDefinition>> ListAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<LabDefinition>>([.. Labs]);

    public Task<LabDefinition?> GetAsync(Guid id, CancellationToken cancellationToken) => Task.FromResult(Labs.FirstOrDefault(l => l.Id == id));

    public Task<LabDefinition> AddAsync(string name, LabKind kind, string sysfsRoot, string libvirtUri, CancellationToken cancellationToken)
    {
        var lab = new LabDefinition(Guid.NewGuid(), name, kind, sysfsRoot, libvirtUri, false, DateTimeOffset.UnixEpoch);
        Labs.Add(lab);
        return Task.FromResult(lab);
    }

    public Task SetKubeconfigAsync(Guid labId, string kubeconfigYaml, CancellationToken cancellationToken)
    {
        Kubeconfigs[labId] = kubeconfigYaml;
        return Task.CompletedTask;
    }

    public Task<string?> GetKubeconfigAsync(Guid labId, CancellationToken cancellationToken) => Task.FromResult(Kubeconfigs.GetValueOrDefault(labId));

    public Task<LabDefinition?> UpdateAsync(Guid id, string name, string sysfsRoot, string libvirtUri, CancellationToken cancellationToken)
    {
        var index = Labs.FindIndex(l => l.Id == id);
        if (index < 0)
        {
            return Task.FromResult<LabDefinition?>(null);
        }

        Labs[index] = Labs[index] with { Name = name, SysfsRoot = sysfsRoot, LibvirtUri = libvirtUri };
        return Task.FromResult<LabDefinition?>(Labs[index]);
    }

    public Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken) => Task.FromResult(Labs.RemoveAll(l => l.Id == id) > 0);

    public static LabDefinition Simulated() =>
        new(Guid.NewGuid(), "Simulated lab", LabKind.Simulated, "/sim", "test:///default", true, DateTimeOffset.UnixEpoch);
}
