using VirtSriov.Core.Host;

namespace VirtSriov.TestDoubles;

/// <summary>A test sysfs that changes how another one behaves; the lab's other seams use the tree underneath.</summary>
public interface IHostTestSysfsDecorator
{
    ISysfs Inner { get; }
}
