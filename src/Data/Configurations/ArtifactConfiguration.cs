using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VirtSriov.Data.Entities;

namespace VirtSriov.Data.Configurations;

public sealed class ArtifactConfiguration : IEntityTypeConfiguration<ArtifactEntity>
{
    public void Configure(EntityTypeBuilder<ArtifactEntity> builder)
    {
        builder.ToTable("Artifacts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Step).HasConversion<string>().HasMaxLength(30);
        builder.Property(a => a.Name).HasMaxLength(200);
        builder.Property(a => a.Language).HasMaxLength(20);
        builder.HasIndex(a => new { a.RunId, a.Step, a.Name }).IsUnique();
    }
}
