using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VirtSriov.Data.Migrations
{
    /// <inheritdoc />
    public partial class LabAllowsProgramOptions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "AllowsProgramOptions",
                table: "Labs",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AllowsProgramOptions",
                table: "Labs");
        }
    }
}
