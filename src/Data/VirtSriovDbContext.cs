using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using VirtSriov.Data.Entities;

namespace VirtSriov.Data;

/// <summary>Run history, labs, audit and the dashboard's users, in one SQLite file.</summary>
public sealed class VirtSriovDbContext(DbContextOptions<VirtSriovDbContext> options) : IdentityDbContext<IdentityUser>(options)
{
    public DbSet<LabEntity> Labs => Set<LabEntity>();

    public DbSet<RunEntity> Runs => Set<RunEntity>();

    public DbSet<StepRunEntity> StepRuns => Set<StepRunEntity>();

    public DbSet<RunEventEntity> RunEvents => Set<RunEventEntity>();

    public DbSet<ThroughputSampleEntity> ThroughputSamples => Set<ThroughputSampleEntity>();

    public DbSet<ArtifactEntity> Artifacts => Set<ArtifactEntity>();

    public DbSet<AuditEntity> AuditEntries => Set<AuditEntity>();

    public DbSet<ApiTokenEntity> ApiTokens => Set<ApiTokenEntity>();

    public DbSet<LabChangeEntity> LabChanges => Set<LabChangeEntity>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(VirtSriovDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no DateTimeOffset type: stored as text it neither orders nor compares correctly.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }
}
