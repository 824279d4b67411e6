using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VirtSriov.Data.Entities;

namespace VirtSriov.Data.Configurations;

public sealed class StepRunConfiguration : IEntityTypeConfiguration<StepRunEntity>
{
    public void Configure(EntityTypeBuilder<StepRunEntity> builder)
    {
        builder.ToTable("StepRuns");
        builder.HasKey(s => new { s.RunId, s.Step });
        builder.Property(s => s.Step).HasConversion<string>().HasMaxLength(30);
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(20);
    }
}
