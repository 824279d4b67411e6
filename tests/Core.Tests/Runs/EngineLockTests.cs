using VirtSriov.Core.Runs;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Tests.Runs;

public sealed class EngineLockTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("virtsriov-lock-").FullName;

    [Fact]
    public void SecondHolder_RefusedWithTheFix_UntilTheFirstLetsGo()
    {
        using (EngineLock.Acquire(_data))
        {
            var refused = Assert.Throws<ActionableException>(() => EngineLock.Acquire(_data));
            Assert.Contains(_data, refused.Message, StringComparison.Ordinal);
            Assert.Contains("--url", refused.Fix, StringComparison.Ordinal);
        }

        using var again = EngineLock.Acquire(_data);
        Assert.True(File.Exists(Path.Combine(_data, EngineLock.FileName)));
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
