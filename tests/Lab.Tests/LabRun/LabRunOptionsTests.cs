using VirtSriov.Core.Labs.Emulated;

namespace VirtSriov.Lab.Tests.LabRun;

public sealed class LabRunOptionsTests
{
    [Theory]
    [InlineData(0, 1, 10, 65534, "--vfs")]
    [InlineData(2, 3, 10, 65534, "--bind")]
    [InlineData(2, 0, 10, 65534, "--bind")]
    [InlineData(7, 2, -1, 65534, "--testpmd-seconds")]
    [InlineData(7, 2, 10, 0, "--testpmd-uid")]
    public void Problem_BadOption_NamesTheOption(int vfs, int bind, int seconds, int uid, string option)
    {
        // Arrange
        var options = new LabRunOptions(LabRunOptions.AutoPf, vfs, bind, seconds, uid, "result.json");

        // Act
        var problem = options.Problem();

        // Assert
        Assert.NotNull(problem);
        Assert.StartsWith(option, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_SevenVfsTwoForTestpmd_IsNull()
    {
        // Arrange
        var options = new LabRunOptions(LabRunOptions.AutoPf, 7, 2, 10, LabRunOptions.NobodyUid, "result.json");

        // Act
        var problem = options.Problem();

        // Assert
        Assert.Null(problem);
    }
}
