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

    public async Task SetAllowsProgramOptionsAsync(Guid labId, bool allowed, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var updated = await db.Labs
            .Where(l => l.Id == labId)
            .ExecuteUpdateAsync(setters => setters.SetProperty(l => l.AllowsProgramOptions, allowed), cancellationToken);
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

    public async Task<LabDefinition?> UpdateAsync(Guid id, string name, string sysfsRoot, string libvirtUri, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(sysfsRoot);
        ArgumentNullException.ThrowIfNull(libvirtUri);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Labs.SingleOrDefaultAsync(l => l.Id == id, cancellationToken) is not { } lab)
        {
            return null;
        }

        if (await db.Labs.AnyAsync(l => l.Name == name && l.Id != id, cancellationToken))
        {
            throw new ActionableException($"A lab named '{name}' already exists.", "Choose another name.", field: nameof(LabDefinition.Name));
        }

        (lab.Name, lab.SysfsRoot, lab.LibvirtUri) = (name, sysfsRoot, libvirtUri);
        await db.SaveChangesAsync(cancellationToken);
        return ToDefinition(lab);
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Labs.SingleOrDefaultAsync(l => l.Id == id, cancellationToken) is not { } lab)
        {
            return false;
        }

        if (lab.Kind == LabKind.Simulated)
        {
            throw new ActionableException("The built-in simulated lab can't be deleted; it is recreated on every start.", "Leave it; it is never used unless you choose it.");
        }

        var runs = await db.Runs.CountAsync(r => r.LabId == id, cancellationToken);
        if (runs > 0)
        {
            throw new ActionableException(
                $"Lab '{lab.Name}' has {runs} run(s) in the history, which would lose their lab.",
                "Keep the lab (edit it instead), or tear down its runs and keep the history.",
                failedCall: $"delete lab {id}");
        }

        db.Labs.Remove(lab);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private static LabDefinition ToDefinition(LabEntity lab) =>
        new(lab.Id, lab.Name, lab.Kind, lab.SysfsRoot, lab.LibvirtUri, lab.EncryptedKubeconfig is not null, lab.CreatedAt, lab.AllowsProgramOptions);
}
