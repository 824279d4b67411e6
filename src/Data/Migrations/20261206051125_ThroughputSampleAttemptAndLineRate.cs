using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VirtSriov.Data.Migrations
{
    /// <inheritdoc />
    public partial class ThroughputSampleAttemptAndLineRate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "LineRatePercent",
                table: "ThroughputSamples",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "TestAttempt",
                table: "ThroughputSamples",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LineRatePercent",
                table: "ThroughputSamples");

            migrationBuilder.DropColumn(
                name: "TestAttempt",
                table: "ThroughputSamples");
        }
    }
}
