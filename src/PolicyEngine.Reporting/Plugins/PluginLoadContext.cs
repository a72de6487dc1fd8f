using System.Reflection;
using System.Runtime.Loader;

namespace PolicyEngine.Reporting.Plugins;

/// <summary>
/// Loads a reporter assembly with its own dependencies (from its .deps.json) while sharing the assemblies the host
/// already has, above all PolicyEngine.Core and PolicyEngine.Reporting.Abstractions, so its IReporter is the host's IReporter.
/// </summary>
internal sealed class PluginLoadContext(string assemblyPath) : AssemblyLoadContext($"reporter:{Path.GetFileName(assemblyPath)}")
{
    private readonly AssemblyDependencyResolver _resolver = new(assemblyPath);

    protected override Assembly? Load(AssemblyName name)
    {
        if (IsContract(name) || Default.Assemblies.Any(a => a.GetName().Name == name.Name))
            return null; // the host's copy: one IReporter type, one RuleResult type
        // The plugin's own dependencies; framework assemblies are not in its deps.json and come from the host.
        return _resolver.ResolveAssemblyToPath(name) is { } path ? LoadFromAssemblyPath(path) : null;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
        _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;

    private static bool IsContract(AssemblyName name) =>
        name.Name is { } n && n.StartsWith("PolicyEngine.", StringComparison.Ordinal);
}
