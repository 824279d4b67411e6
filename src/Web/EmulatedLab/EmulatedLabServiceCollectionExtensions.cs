namespace VirtSriov.Web.EmulatedLab;

public static class EmulatedLabServiceCollectionExtensions
{
    /// <summary>The emulated-hardware lab offered on the Labs page (runs scripts/emulated-lab/run.sh in the background).</summary>
    public static IServiceCollection AddEmulatedLab(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EmulatedLabOptions>().Bind(configuration.GetSection(EmulatedLabOptions.Section));
        services.AddSingleton<EmulatedLabRunner>();
        services.AddSingleton<IEmulatedLab>(sp => sp.GetRequiredService<EmulatedLabRunner>());
        services.AddSingleton<EmulatedHypervisorHost>();
        services.AddSingleton<IEmulatedHypervisor>(sp => sp.GetRequiredService<EmulatedHypervisorHost>());
        services.AddSingleton<VirtSriov.Core.Labs.IHostPowerCycle>(sp => sp.GetRequiredService<EmulatedHypervisorHost>());
        services.AddHostedService(sp => sp.GetRequiredService<EmulatedHypervisorHost>());
        return services;
    }
}
