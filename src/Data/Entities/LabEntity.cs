using VirtSriov.Core.Labs;

namespace VirtSriov.Data.Entities;

public sealed class LabEntity
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public LabKind Kind { get; set; }

    public required string SysfsRoot { get; set; }

    public required string LibvirtUri { get; set; }

    /// <summary>The kubeconfig protected by ASP.NET Core Data Protection; never the plaintext.</summary>
    public string? EncryptedKubeconfig { get; set; }

    /// <summary>The operator allowed URI or kubeconfig options that run programs or read host files (audited when set).</summary>
    public bool AllowsProgramOptions { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public List<RunEntity> Runs { get; } = [];
}
