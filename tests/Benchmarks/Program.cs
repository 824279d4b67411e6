using System.Globalization;
using BenchmarkDotNet.Running;
using VirtSriov.Benchmarks;

// "pipeline [events]", "follow [testpmd seconds] [time acceleration]", "wizard [testpmd seconds]", "load [hub clients] [circuits]",
// "history [runs] [events]" and "remote-lab [vfs] [rounds]" measure whole paths and print ratios to their goals;
// anything else goes to BenchmarkDotNet (e.g. --filter *Parser* --job short).
switch (args.FirstOrDefault())
{
    case "pipeline":
        await EventPipelineBench.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200_000);
        break;
    case "follow":
        await ClusterLogFollowBench.RunAsync(
            args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 60,
            args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1);
        break;
    case "wizard":
        await WizardRunBench.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 15);
        break;
    case "load":
        await LiveLoadBench.RunAsync(
            args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100,
            args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5);
        break;
    case "history":
        await HistoryBench.RunAsync(
            args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000,
            args.Length > 2 ? long.Parse(args[2], CultureInfo.InvariantCulture) : 10_000_000);
        break;
    case "remote-lab":
        await RemoteLabBench.RunAsync(
            args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2,
            args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2);
        break;
    default:
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        break;
}
