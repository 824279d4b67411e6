using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VirtSriov.Data.Entities;

namespace VirtSriov.Data.Configurations;

/// <summary>Inserted with raw SQL by <see cref="Runs.RunEventStore"/>, like the events.</summary>
public sealed class ThroughputSampleConfiguration : IEntityTypeConfiguration<ThroughputSampleEntity>
{
    public const string TableName = "ThroughputSamples";

    public void Configure(EntityTypeBuilder<ThroughputSampleEntity> builder)
    {
        builder.ToTable(TableName);
        builder.HasKey(s => new { s.RunId, s.Sequence });
        builder.Property(s => s.Sequence).ValueGeneratedNever();
    }
}
