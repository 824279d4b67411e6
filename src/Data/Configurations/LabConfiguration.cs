using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VirtSriov.Data.Entities;

namespace VirtSriov.Data.Configurations;

public sealed class LabConfiguration : IEntityTypeConfiguration<LabEntity>
{
    public void Configure(EntityTypeBuilder<LabEntity> builder)
    {
        builder.ToTable("Labs");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Name).HasMaxLength(100);
        builder.HasIndex(l => l.Name).IsUnique();
        builder.Property(l => l.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(l => l.SysfsRoot).HasMaxLength(500);
        builder.Property(l => l.LibvirtUri).HasMaxLength(500);
        builder.HasMany(l => l.Runs).WithOne(r => r.Lab).HasForeignKey(r => r.LabId).OnDelete(DeleteBehavior.Restrict);
    }
}
