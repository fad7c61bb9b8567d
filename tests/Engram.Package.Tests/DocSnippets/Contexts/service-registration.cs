using EngramDb;
using Microsoft.Extensions.DependencyInjection;

// Statements that register services in `services`; `path` is the store's directory.
internal static class ServiceRegistrationContext
{
    internal static void Register(IServiceCollection services, string path)
    {
        // snippet
    }
}
