using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace VirtSriov.Data;

/// <summary>Temporary stand-in for the Data project's context until the data branch is merged; delete then.</summary>
public sealed class VirtSriovDbContext(DbContextOptions<VirtSriovDbContext> options) : IdentityDbContext<IdentityUser>(options);
