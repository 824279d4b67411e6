using System.Globalization;

namespace VirtSriov.Core.Host;

/// <summary>A PCI address in the kernel's sysfs form <c>dddd:bb:ss.f</c> (lowercase hex), e.g. <c>0000:3b:00.0</c>.</summary>
public readonly record struct PciAddress
{
    private const string Form = "dddd:bb:ss.f in lowercase hex, e.g. 0000:3b:00.0 (as `lspci -D` prints it)";

    public PciAddress(int domain, int bus, int device, int function)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(domain);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(domain, 0xffff);
        ArgumentOutOfRangeException.ThrowIfNegative(bus);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bus, 0xff);
        ArgumentOutOfRangeException.ThrowIfNegative(device);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(device, 0x1f);
        ArgumentOutOfRangeException.ThrowIfNegative(function);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(function, 7);
        Domain = domain;
        Bus = bus;
        Device = device;
        Function = function;
    }

    public int Domain { get; }

    public int Bus { get; }

    public int Device { get; }

    public int Function { get; }

    /// <summary>The 16-bit routing id (bus, device, function) that SR-IOV offsets and strides count in.</summary>
    public int RoutingId => (Bus << 8) | (Device << 3) | Function;

    /// <summary>The address <paramref name="offset"/> routing ids further on, as the kernel computes VF addresses.</summary>
    public PciAddress AddRoutingId(int offset)
    {
        var id = RoutingId + offset;
        if (id is < 0 or > 0xffff)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"{this} + {offset} leaves the PCI bus range.");
        }

        return new PciAddress(Domain, id >> 8, (id >> 3) & 0x1f, id & 7);
    }

    public static PciAddress Parse(string text) =>
        TryParse(text, out var address, out var error) ? address : throw new FormatException(error);

    public static bool TryParse(string? text, out PciAddress address) => TryParse(text, out address, out _);

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says what is wrong and the expected form.</summary>
    public static bool TryParse(string? text, out PciAddress address, out string error)
    {
        address = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = $"No PCI address given; expected {Form}.";
            return false;
        }

        if (text.Length != 12 || text[4] != ':' || text[7] != ':' || text[10] != '.')
        {
            error = $"'{text}' is not a PCI address; expected {Form}.";
            return false;
        }

        if (!IsLowerHex(text.AsSpan(0, 4)) || !IsLowerHex(text.AsSpan(5, 2)) || !IsLowerHex(text.AsSpan(8, 2)) || !IsLowerHex(text.AsSpan(11, 1)))
        {
            error = $"'{text}' is not a PCI address: use lowercase hex digits, {Form}.";
            return false;
        }

        var device = Hex(text.AsSpan(8, 2));
        var function = Hex(text.AsSpan(11, 1));
        if (device > 0x1f || function > 7)
        {
            error = $"'{text}' is not a PCI address: the slot must be 00..1f and the function 0..7.";
            return false;
        }

        address = new PciAddress(Hex(text.AsSpan(0, 4)), Hex(text.AsSpan(5, 2)), device, function);
        error = "";
        return true;
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Domain:x4}:{Bus:x2}:{Device:x2}.{Function:x1}");

    private static bool IsLowerHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return true;
    }

    private static int Hex(ReadOnlySpan<char> text) => int.Parse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
}
