using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace VirtSriov.Data;

/// <summary>Lets <c>dotnet ef migrations add … -p src/Data</c> build the model without the Web project.</summary>
public sealed class VirtSriovDesignTimeDbContextFactory : IDesignTimeDbContextFactory<VirtSriovDbContext>
{
    public VirtSriovDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<VirtSriovDbContext>();
        VirtSriovDatabase.Configure(options, VirtSriovDatabase.ConnectionString(Path.GetTempPath()));
        return new VirtSriovDbContext(options.Options);
    }
}
