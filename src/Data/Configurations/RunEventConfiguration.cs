using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VirtSriov.Data.Entities;

namespace VirtSriov.Data.Configurations;

/// <summary>
/// The event log. <see cref="Runs.RunEventStore"/> inserts rows with raw SQL for speed, so the table name,
/// column names (the property names) and conversions here are relied upon there.
/// </summary>
public sealed class RunEventConfiguration : IEntityTypeConfiguration<RunEventEntity>
{
    public const string TableName = "RunEvents";

    public void Configure(EntityTypeBuilder<RunEventEntity> builder)
    {
        builder.ToTable(TableName);
        builder.HasKey(e => new { e.RunId, e.Sequence });
        builder.Property(e => e.Sequence).ValueGeneratedNever();
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(e => e.Step).HasConversion<string>().HasMaxLength(30);
        builder.Property(e => e.Level).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.StepStatus).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.RunStatus).HasConversion<string>().HasMaxLength(20);
        builder.HasOne(e => e.Sample)
            .WithOne()
            .HasForeignKey<ThroughputSampleEntity>(s => new { s.RunId, s.Sequence })
            .OnDelete(DeleteBehavior.Cascade);
    }
}
