using VirtSriov.Core.Host.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VirtSriov.Core.Cluster;
using VirtSriov.Core.Cluster.Steps;
using VirtSriov.Core.Host;
using VirtSriov.Core.Host.Remote;
using VirtSriov.Core.Kcli;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Labs.Changes;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Preflight;
using VirtSriov.Core.Processes;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Runs.Events;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Testpmd;

namespace VirtSriov.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>The run engine, the seven steps, the lab seams and the live event pipeline.</summary>
    public static IServiceCollection AddVirtSriovCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<VirtSriovOptions>().Bind(configuration.GetSection(VirtSriovOptions.Section));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IProcessRunner, ProcessRunner>();
        services.AddSingleton<ILocalTestpmd>(sp => new LocalTestpmd(
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<VirtSriovOptions>>().Value.TestpmdPath));

        services.AddSingleton(sp => new SshKeyStore(
            sp.GetRequiredService<IOptions<VirtSriovOptions>>().Value.DataDirectory, sp.GetRequiredService<IProcessRunner>()));
        services.AddSingleton(sp => new LabEnvironmentFactory(
            sp.GetRequiredService<ILabStore>(),
            sp.GetRequiredService<IProcessRunner>(),
            sp.GetRequiredService<ILocalTestpmd>(),
            sp.GetRequiredService<SshKeyStore>(),
            sp.GetRequiredService<TimeProvider>(),
            cli: CliPackage.In(sp.GetRequiredService<IOptions<VirtSriovOptions>>().Value.CliPublishDirectory)));
        services.AddSingleton<ILabEnvironmentFactory>(sp => new JournaledLabEnvironmentFactory(
            sp.GetRequiredService<LabEnvironmentFactory>(), sp.GetRequiredService<IChangeJournal>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<VirtSriovOptions>>().Value.SimulatedLabChangeDelay));
        services.AddSingleton<LeftoverTestpmdRecovery>();
        services.AddSingleton<ILabEnvironmentOpened>(sp => sp.GetRequiredService<LeftoverTestpmdRecovery>());
        services.AddSingleton<LabEnvironmentCache>();
        services.AddSingleton<LabReachability>();
        services.AddSingleton<IRebootAndCheck, RebootAndCheck>();
        services.AddSingleton<HypervisorOverview>();
        services.AddSingleton<SimulatedLabProvisioner>();
        services.AddSingleton<PreflightDoctor>();

        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<VirtSriovOptions>>().Value;
            return new KcliDeployer(Path.Combine(options.DataDirectory, "kcli"), pullSecret: options.PullSecretPath);
        });
        services.AddSingleton<BundleExporter>();

        services.AddSingleton<IRunStep, PreflightStep>();
        services.AddSingleton<IRunStep, VirtualFunctionsStep>();
        services.AddSingleton<IRunStep, ClusterStep>();
        services.AddSingleton<IRunStep, WorkerVmsStep>();
        services.AddSingleton<IRunStep, NodeTuningStep>();
        services.AddSingleton<IRunStep, DevicePluginStep>();
        services.AddSingleton<IRunStep, DpdkTestStep>();
        // The "Hypervisor only" profile's DPDK test (testpmd inside the worker VM): an IProfileStep the engine picks for that profile.
        services.AddSingleton<IRunStep, WorkerDpdkTestStep>();
        services.AddSingleton<IRunSettingsCheck, VfSettingsCheck>();

        services.AddSingleton<RunEventBroadcaster>();
        services.AddSingleton<RunEventPublisher>();
        services.AddSingleton(sp => sp.GetRequiredService<RunEventPublisher>().Rollouts);
        services.AddSingleton<IRunEventFeed, RunEventFeed>();
        services.AddSingleton<RunEngine>();
        return services;
    }
}
