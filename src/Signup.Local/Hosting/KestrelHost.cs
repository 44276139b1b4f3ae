using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Signup.Local.Hosting;

/// <summary>Builds the minimal Kestrel hosts of the stack: no configuration files, no console lifetime.</summary>
internal static class KestrelHost
{
    /// <summary>Creates a host that logs through <paramref name="loggerFactory"/> and listens as configured.</summary>
    public static WebApplication Create(ILoggerFactory loggerFactory, Action<KestrelServerOptions> configure)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Services.AddSingleton(loggerFactory);

        // The stack handles Ctrl-C and SIGTERM itself and stops its hosts in order; the default console lifetime
        // would stop each host on its own.
        builder.Services.AddSingleton<IHostLifetime, ManualHostLifetime>();
        builder.WebHost.ConfigureKestrel(options =>
        {
            options.AddServerHeader = false;
            configure(options);
        });
        return builder.Build();
    }

    /// <summary>Returns the port the host listens on, after it started; port 0 in the options is resolved here.</summary>
    public static int GetPort(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            ?? throw new InvalidOperationException("Kestrel did not report its addresses.");
        return addresses.Select(address => new Uri(address).Port).First();
    }

    /// <summary>Returns whether the error is Kestrel failing to bind because the port is taken.</summary>
    public static bool IsAddressInUse(Exception exception) =>
        exception is IOException { InnerException: AddressInUseException };

    private sealed class ManualHostLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
