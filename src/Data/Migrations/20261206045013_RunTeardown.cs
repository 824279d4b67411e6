using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VirtSriov.Data.Migrations
{
    /// <inheritdoc />
    public partial class RunTeardown : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Teardown",
                table: "Runs",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            // Runs stored as Status 'TornDown' get back the status they had before teardown (from their events).
            migrationBuilder.Sql(
                """
                UPDATE "Runs" SET "Teardown" = 'TornDown',
                    "Status" = CASE WHEN EXISTS (SELECT 1 FROM "RunEvents" e WHERE e."RunId" = "Runs"."Id" AND e."RunStatus" = 'Succeeded')
                                    THEN 'Succeeded' ELSE 'Failed' END
                WHERE "Status" = 'TornDown';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""UPDATE "Runs" SET "Status" = 'TornDown' WHERE "Teardown" = 'TornDown';""");

            migrationBuilder.DropColumn(
                name: "Teardown",
                table: "Runs");
        }
    }
}
