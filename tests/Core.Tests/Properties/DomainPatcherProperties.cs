using System.Xml.Linq;
using CsCheck;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Tests.Properties;

/// <summary>Mutated domain XML: the patcher patches it or refuses with an <see cref="ActionableException"/>, never anything else.</summary>
public sealed class DomainPatcherProperties
{
    private static readonly string[] Vfs = ["0000:3b:02.0", "0000:3b:02.1"];
    private static readonly Version Libvirt = new(9, 0, 0);
    private static readonly string Base = Tests.Libvirt.LibvirtTestSupport.ReadData("kcli-worker.xml");

    private static readonly Gen<string> Unit = Gen.OneOf(
        Gen.OneOf<string>("KiB", "k", "b", "bytes", "KB", "MB", "M", "MiB", "GB", "G", "GiB", "TB", "T", "TiB", "PiB", "EiB", "kib", ""),
        PropertyCases.Awkward);

    /// <summary>The base domain with its memory, memtune, memory devices and hostdev addresses set to awkward values.</summary>
    private static readonly Gen<string> OddDomain = Gen.Select(
        Gen.Select(PropertyCases.Awkward, Unit),
        Gen.Select(PropertyCases.Awkward, Unit, Gen.Bool).Nullable(),
        Gen.Select(PropertyCases.Awkward, Unit).Nullable(),
        Gen.Select(PropertyCases.Awkward, PropertyCases.Awkward, PropertyCases.Awkward, PropertyCases.Awkward).Array[0, 3],
        (memory, hardLimit, memoryDevice, hostdevs) =>
        {
            var domain = XElement.Parse(Base);
            Scaled(domain.Element("memory")!, memory.Item1, memory.Item2);
            if (hardLimit is { } limit)
            {
                domain.Element("memory")!.AddAfterSelf(new XElement("memtune", Scaled(new XElement("hard_limit"), limit.Item1, limit.Item2)));
                if (limit.Item3)
                {
                    domain.Add(new XElement("memoryBacking", new XElement("locked")));
                }
            }

            var devices = domain.Element("devices")!;
            if (memoryDevice is { } size)
            {
                devices.Add(new XElement("memory", new XAttribute("model", "dimm"), new XElement("target", Scaled(new XElement("size"), size.Item1, size.Item2))));
            }

            foreach (var (d, b, s, f) in hostdevs)
            {
                devices.Add(new XElement(
                    "hostdev",
                    new XAttribute("mode", "subsystem"),
                    new XAttribute("type", "pci"),
                    new XElement("source", new XElement("address", Attribute("domain", d), Attribute("bus", b), Attribute("slot", s), Attribute("function", f)))));
            }

            return domain.ToString();
        });

    [Fact]
    public void Patch_OddMemoryAndHostdevAddresses_PatchesOrRefusesWithAReason() =>
        OddDomain.Sample(PatchesOrRefuses, iter: PropertyCases.Of(30_000), threads: 1);

    [Fact]
    public void Patch_RandomlyEditedXml_PatchesOrRefusesWithAReason() =>
        PropertyCases.Mutated(Base).Sample(PatchesOrRefuses, iter: PropertyCases.Of(20_000), threads: 1);

    [Fact]
    public void Patch_HugeMemory_RefusedNamingTheMemorySize()
    {
        var xml = XElement.Parse(Base);
        Scaled(xml.Element("memory")!, "9223372036854775807", "TiB");

        var error = Assert.Throws<ActionableException>(() => DomainPatcher.Patch(xml.ToString(), Vfs, Libvirt));

        Assert.Contains("memory size", error.Message, StringComparison.Ordinal);
        Assert.Contains("<memory>", error.Fix, StringComparison.Ordinal);
    }

    private static void PatchesOrRefuses(string xml)
    {
        try
        {
            DomainPatcher.Patch(xml, Vfs, Libvirt, Vfs);
        }
        catch (ActionableException e) when (e.Message.Length > 0 && e.Fix.Length > 0)
        {
            // Refused with a reason and a fix: the documented outcome for bad input.
        }
    }

    private static XElement Scaled(XElement element, string value, string unit)
    {
        element.Value = Clean(value);
        element.SetAttributeValue("unit", unit.Length == 0 ? null : Clean(unit));
        return element;
    }

    private static XAttribute? Attribute(string name, string value) => value.Length == 0 ? null : new XAttribute(name, Clean(value));

    /// <summary>XML cannot carry every character; the ones it cannot are dropped, not the case.</summary>
    private static string Clean(string text) => new([.. text.Where(XmlConvertIsValid)]);

    private static bool XmlConvertIsValid(char c) => System.Xml.XmlConvert.IsXmlChar(c);
}
