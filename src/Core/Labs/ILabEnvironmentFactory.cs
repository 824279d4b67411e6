namespace VirtSriov.Core.Labs;

public interface ILabEnvironmentFactory
{
    Task<ILabEnvironment> CreateAsync(LabDefinition lab, CancellationToken cancellationToken);
}
