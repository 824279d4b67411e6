using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VirtSriov.Data.Migrations
{
    /// <inheritdoc />
    public partial class LabChanges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "LabChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    LabId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Change = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    IntendedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CompletedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ReportedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LabChanges", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_LabChanges_LabId_CompletedAt_ReportedAt",
                table: "LabChanges",
                columns: new[] { "LabId", "CompletedAt", "ReportedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LabChanges");
        }
    }
}
