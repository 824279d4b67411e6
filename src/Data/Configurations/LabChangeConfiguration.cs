using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VirtSriov.Core.Labs.Changes;
using VirtSriov.Data.Entities;

namespace VirtSriov.Data.Configurations;

public sealed class LabChangeConfiguration : IEntityTypeConfiguration<LabChangeEntity>
{
    public void Configure(EntityTypeBuilder<LabChangeEntity> builder)
    {
        builder.ToTable("LabChanges");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedOnAdd();
        builder.Property(c => c.Change).HasMaxLength(ChangeRecorder.MaxChangeLength);
        builder.Property(c => c.Error).HasMaxLength(ChangeRecorder.MaxChangeLength);
        builder.HasIndex(c => new { c.LabId, c.CompletedAt, c.ReportedAt });
    }
}
