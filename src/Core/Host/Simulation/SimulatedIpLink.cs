using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using VirtSriov.Core.Processes;

namespace VirtSriov.Core.Host.Simulation;

/// <summary>
/// A SIMULATION of iproute2's <c>ip link</c> for the simulated lab, swapped in at the process-runner seam: runs
/// <c>ip link show [dev] X</c>, <c>ip link set dev X up|down</c> and <c>ip link set dev X vf N mac|vlan|spoofchk|trust|state …</c>
/// against the simulated tree, one per call or several as <c>ip -batch -</c> (the commands on standard input), with
/// the output format, messages and exit codes of iproute2 6.1 on a 6.1 kernel (as recorded in the emulated-hardware lab). VF settings live in a hidden JSON file per PF inside the tree and vanish
/// with the VFs. It also answers <c>dmesg</c> from the tree's SIMULATED kmsg (<c>/dev/kmsg</c>, a plain file of kernel
/// lines, empty when absent). Every other program goes to <paramref name="others"/>, the real runner.
/// </summary>
public sealed class SimulatedIpLink(SimulatedSysfs sysfs, IProcessRunner others) : IProcessRunner
{
    /// <summary>Folder of the tree (a host path) that holds the VF settings, one <c>&lt;pf&gt;.json</c> per PF.</summary>
    internal const string StateFolder = "/.virtsriov-ip-link";

    /// <summary>The simulated kernel log inside the tree.</summary>
    internal const string SimulatedKmsg = "/dev/kmsg";

    private const string InvalidArgument = "RTNETLINK answers: Invalid argument\n";

    /// <summary>iproute2's exit code for a command line it cannot parse (exit(-1)).</summary>
    private const int ParseError = 255;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Lock gate = new();

    public Task<ProcessResult> RunAsync(string file, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        RunAsync(file, arguments, "", cancellationToken);

    public Task<ProcessResult> RunAsync(string file, IReadOnlyList<string> arguments, string standardInput, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(standardInput);
        if (file == KernelLog.Program)
        {
            return Task.FromResult(new ProcessResult(0, sysfs.Exists(SimulatedKmsg) ? sysfs.ReadText(SimulatedKmsg) : "", ""));
        }

        if (!IsIp(file))
        {
            return others.RunAsync(file, arguments, standardInput, cancellationToken);
        }

        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            return Task.FromResult(IpCommand.IsBatch(arguments) ? Batch(standardInput) : Run(arguments));
        }
    }

    /// <summary>
    /// <c>ip -batch -</c>: one command per line of the input (words split on blanks, <c>#</c> starts a comment), run in
    /// order; the first that fails ends the batch, as iproute2 does: a refusal with its message and "Command failed -:LINE",
    /// exit code 1; a command ip cannot parse (exit code 255) with its message only, since ip exits at once.
    /// </summary>
    private ProcessResult Batch(string input)
    {
        var output = new StringBuilder();
        var lines = input.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var words = lines[i].Split('#')[0].Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0)
            {
                continue;
            }

            var result = Run(words);
            output.Append(result.StandardOutput);
            if (result.ExitCode == ParseError)
            {
                return result with { StandardOutput = output.ToString() };
            }

            if (!result.Succeeded)
            {
                return new ProcessResult(1, output.ToString(), result.StandardError + $"Command failed -:{(i + 1).ToString(CultureInfo.InvariantCulture)}\n");
            }
        }

        return new ProcessResult(0, output.ToString(), "");
    }

    public IAsyncEnumerable<string> StreamLinesAsync(string file, IReadOnlyList<string> arguments, Action<int>? exited, CancellationToken cancellationToken) =>
        IsIp(file) ? StreamIpAsync(arguments, exited, cancellationToken) : others.StreamLinesAsync(file, arguments, exited, cancellationToken);

    private async IAsyncEnumerable<string> StreamIpAsync(IReadOnlyList<string> arguments, Action<int>? exited, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var result = await RunAsync("ip", arguments, cancellationToken).ConfigureAwait(false);
        foreach (var line in (result.StandardOutput + result.StandardError).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            yield return line;
        }

        exited?.Invoke(result.ExitCode);
    }

    private static bool IsIp(string file) => file is "ip" or "/sbin/ip" or "/usr/sbin/ip" or "/bin/ip" or "/usr/bin/ip";

    private ProcessResult Run(IReadOnlyList<string> arguments) => arguments.ToArray() switch
    {
        ["link", "show", "dev", var name] => Show(name),
        ["link", "show", var name] => Show(name),
        ["link", "set", "dev", var name, "up" or "down"] => SetUp(name, arguments[4] == "up"),
        ["link", "set", "dev", var name, "vf", var index, .. var settings] when settings.Length > 0 => SetVf(name, index, settings),
        _ => new ProcessResult(1, "", $"SIMULATION: the simulated lab's ip runs only 'link show', 'link set dev X up|down' and 'link set dev X vf N …', not 'ip {string.Join(' ', arguments)}'.\n"),
    };

    private ProcessResult Show(string name)
    {
        if (PfOf(name) is not { } pf)
        {
            return NoDevice(name);
        }

        var net = $"/sys/class/net/{name}";
        var up = (int.Parse(sysfs.ReadText($"{net}/flags").Trim()[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture) & 1) == 1;
        var carrier = sysfs.ReadText($"{net}/operstate").Trim() == "up";
        var flags = (up, carrier) switch
        {
            (true, true) => "<BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP",
            (true, false) => "<NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc mq state DOWN",
            _ => "<BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN",
        };
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{IfIndex(name)}: {name}: {flags} mode DEFAULT group default qlen 1000\n")
            .Append(CultureInfo.InvariantCulture, $"    link/ether {sysfs.ReadText($"{net}/address").Trim()} brd ff:ff:ff:ff:ff:ff\n");
        var state = Load(pf);
        for (var index = 0; index < NumVfs(pf); index++)
        {
            var vf = state.GetValueOrDefault(index) ?? Default(index);
            var vlan = vf.Vlan == 0 ? "" : $", vlan {vf.Vlan.ToString(CultureInfo.InvariantCulture)}";
            text.Append(CultureInfo.InvariantCulture, $"    vf {index}     link/ether {vf.Mac} brd ff:ff:ff:ff:ff:ff{vlan}, spoof checking {OnOff(vf.SpoofCheck)}, link-state {vf.LinkState}, trust {OnOff(vf.Trust)}\n");
        }

        return new ProcessResult(0, text.ToString(), "");
    }

    private ProcessResult SetUp(string name, bool up)
    {
        if (PfOf(name) is null && !sysfs.Exists($"/sys/class/net/{name}"))
        {
            return NoDevice(name);
        }

        var flags = $"/sys/class/net/{name}/flags";
        var value = int.Parse(sysfs.ReadText(flags).Trim()[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        sysfs.WriteText(flags, $"0x{(up ? value | 1 : value & ~1).ToString("x", CultureInfo.InvariantCulture)}");
        return new ProcessResult(0, "", "");
    }

    private ProcessResult SetVf(string name, string indexText, string[] settings)
    {
        if (!int.TryParse(indexText, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return Wrong(indexText, "vf");
        }

        if (PfOf(name) is not { } pf)
        {
            return NoDevice(name);
        }

        var state = Load(pf);
        var vf = state.GetValueOrDefault(index) ?? Default(index);
        for (var i = 0; i < settings.Length; i += 2)
        {
            if (i + 1 >= settings.Length)
            {
                return new ProcessResult(ParseError, "", "Command line is not complete. Try option \"help\"\n");
            }

            var (key, value) = (settings[i], settings[i + 1]);
            switch (key)
            {
                case "mac":
                    if (ParseMac(value) is not { } mac)
                    {
                        return value.Split(':') is { Length: not 6 } parts && parts.All(p => p.Length is 1 or 2 && p.All(char.IsAsciiHexDigit))
                            ? new ProcessResult(1, "", $"Invalid address length {parts.Length} - must be 6 bytes\n")
                            : new ProcessResult(1, "", $"\"{value}\" is invalid lladdr.\n");
                    }

                    if ((mac[0] & 1) == 1)
                    {
                        return new ProcessResult(2, "", InvalidArgument);
                    }

                    vf = vf with { Mac = string.Join(':', mac.Select(b => b.ToString("x2", CultureInfo.InvariantCulture))) };
                    break;
                case "vlan":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var vlan) || vlan > 4095)
                    {
                        return Wrong(value, "vlan");
                    }

                    vf = vf with { Vlan = vlan };
                    break;
                case "spoofchk" or "trust":
                    if (value is not ("on" or "off"))
                    {
                        return new ProcessResult(1, "", $"Error: argument of \"{key}\" must be one of \"off\", \"on\", not \"{value}\"\n");
                    }

                    vf = key == "trust" ? vf with { Trust = value == "on" } : vf with { SpoofCheck = value == "on" };
                    break;
                case "state" when value is "auto" or "enable" or "disable":
                    vf = vf with { LinkState = value };
                    break;
                default:
                    return Wrong(value, key);
            }
        }

        // The kernel checks the VF index when the request arrives, after iproute2 has parsed every argument.
        if (index >= NumVfs(pf))
        {
            return new ProcessResult(2, "", InvalidArgument);
        }

        state[index] = vf;
        Save(pf, state);
        return new ProcessResult(0, "", "");
    }

    private string? PfOf(string netdev) =>
        !string.IsNullOrEmpty(netdev) && !netdev.Contains('/', StringComparison.Ordinal) && sysfs.ReadLink($"/sys/class/net/{netdev}/device") is { } device
            ? Path.GetFileName(device)
            : null;

    private int IfIndex(string netdev) => sysfs.List("/sys/class/net").ToList().IndexOf(netdev) + 2;

    private int NumVfs(string pf) =>
        sysfs.Exists($"{SysfsPaths.PciDevices}/{pf}/sriov_numvfs")
            ? int.Parse(sysfs.ReadText($"{SysfsPaths.PciDevices}/{pf}/sriov_numvfs").Trim(), CultureInfo.InvariantCulture)
            : 0;

    private Dictionary<int, VfLinkAttributes> Load(string pf)
    {
        var path = StatePath(pf);
        return File.Exists(path)
            ? JsonSerializer.Deserialize<Dictionary<int, VfLinkAttributes>>(File.ReadAllText(path), Json) ?? []
            : [];
    }

    private void Save(string pf, Dictionary<int, VfLinkAttributes> state)
    {
        var path = StatePath(pf);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, JsonSerializer.Serialize(state, Json));
    }

    private string StatePath(string pf) => Path.Join(sysfs.Root, StateFolder, $"{pf}.json");

    private static VfLinkAttributes Default(int index) => new(index, "00:00:00:00:00:00", 0, SpoofCheck: true, Trust: false, "auto");

    private static byte[]? ParseMac(string text)
    {
        var parts = text.Split(':');
        return parts.Length == 6 && parts.All(p => p.Length is 1 or 2 && p.All(char.IsAsciiHexDigit))
            ? parts.Select(p => byte.Parse(p, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture)).ToArray()
            : null;
    }

    private static string OnOff(bool? value) => value == true ? "on" : "off";

    private static ProcessResult NoDevice(string name) => new(1, "", $"Cannot find device \"{name}\"\n");

    private static ProcessResult Wrong(string value, string what) => new(ParseError, "", $"Error: argument \"{value}\" is wrong: Invalid \"{what}\" value\n\n");
}
