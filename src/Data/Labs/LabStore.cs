using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Steps;
using VirtSriov.Data.Entities;

namespace VirtSriov.Data.Labs;

/// <summary>Labs over SQLite; kubeconfigs are protected with ASP.NET Core Data Protection before they reach the file.</summary>
public sealed class LabStore(
    IDbContextFactory<VirtSriovDbContext> contextFactory,
    IDataProtectionProvider dataProtection,
    TimeProvider timeProvider) : ILabStore
{
    private readonly IDataProtector kubeconfigProtector = dataProtection.CreateProtector("VirtSriov.Kubeconfig");

    public async Task<IReadOnlyList<LabDefinition>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var labs = await db.Labs.AsNoTracking().ToListAsync(cancellationToken);
        return [.. labs.OrderBy(l => l.CreatedAt).ThenBy(l => l.Name, StringComparer.Ordinal).Select(ToDefinition)];
    }

    public async Task<LabDefinition?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var lab = await db.Labs.AsNoTracking().SingleOrDefaultAsync(l => l.Id == id, cancellationToken);
        return lab is null ? null : ToDefinition(lab);
    }

    public async Task<LabDefinition> AddAsync(string name, LabKind kind, string sysfsRoot, string libvirtUri, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(sysfsRoot);
        ArgumentNullException.ThrowIfNull(libvirtUri);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Labs.AnyAsync(l => l.Name == name, cancellationToken))
        {
            throw new ActionableException(
                $"A lab named '{name}' already exists.",
                "Choose another name or edit the existing lab.",
                field: nameof(LabDefinition.Name));
        }

        var now = timeProvider.GetUtcNow();
        var lab = new LabEntity
        {
            Id = Guid.CreateVersion7(now),
            Name = name,
            Kind = kind,
            SysfsRoot = sysfsRoot,
            LibvirtUri = libvirtUri,
            CreatedAt = now,
        };
        db.Labs.Add(lab);
        await db.SaveChangesAsync(cancellationToken);
        return ToDefinition(lab);
    }

    public async Task SetKubeconfigAsync(Guid labId, string kubeconfigYaml, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kubeconfigYaml);
        var encrypted = kubeconfigProtector.Protect(kubeconfigYaml);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var updated = await db.Labs
            .Where(l => l.Id == labId)
            .ExecuteUpdateAsync(setters => setters.SetProperty(l => l.EncryptedKubeconfig, encrypted), cancellationToken);
        if (updated == 0)
        {
            throw new InvalidOperationException($"Lab {labId} does not exist.");
        }
    }

    public async Task<string?> GetKubeconfigAsync(Guid labId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var encrypted = await db.Labs.AsNoTracking()
            .Where(l => l.Id == labId)
            .Select(l => l.EncryptedKubeconfig)
            .SingleOrDefaultAsync(cancellationToken);
        if (encrypted is null)
        {
            return null;
        }

        try
        {
            return kubeconfigProtector.Unprotect(encrypted);
        }
        catch (CryptographicException e)
        {
            throw new ActionableException(
                "The stored kubeconfig can't be decrypted: the Data Protection keys it was encrypted with are gone.",
                "Upload the lab's kubeconfig again, and keep the data folder's keys/ directory with the database.",
                failedCall: $"unprotect kubeconfig of lab {labId}",
                inner: e);
        }
    }

    private static LabDefinition ToDefinition(LabEntity lab) =>
        new(lab.Id, lab.Name, lab.Kind, lab.SysfsRoot, lab.LibvirtUri, lab.EncryptedKubeconfig is not null, lab.CreatedAt);
}
