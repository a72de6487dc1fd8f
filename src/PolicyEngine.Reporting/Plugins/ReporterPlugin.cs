using System.Reflection;

namespace PolicyEngine.Reporting.Plugins;

/// <summary>Finds the reporters in a third-party assembly: public, concrete classes implementing <see cref="IReporter"/>.</summary>
internal static class ReporterPlugin
{
    public static IReadOnlyList<(string Name, Func<ReporterOptions, IReporter> Create)> Load(string assemblyPath)
    {
        var full = Path.GetFullPath(assemblyPath);
        if (!File.Exists(full)) throw new ReporterException($"reporter assembly '{assemblyPath}' does not exist");
        Assembly assembly;
        Type[] types;
        try
        {
            assembly = new PluginLoadContext(full).LoadFromAssemblyPath(full);
            types = assembly.GetExportedTypes();
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException or ReflectionTypeLoadException or TypeLoadException)
        {
            throw new ReporterException($"reporter assembly '{assemblyPath}' cannot be loaded: {e.Message}", e);
        }

        var reporters = types
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IReporter).IsAssignableFrom(t))
            .Select(t => Factory(t, assemblyPath))
            .ToList();
        if (reporters.Count == 0)
        {
            var lookalike = types.Any(t => t.GetInterfaces().Any(i => i.FullName == typeof(IReporter).FullName));
            throw new ReporterException(lookalike
                ? $"reporter assembly '{assemblyPath}' implements a different copy of {typeof(IReporter).FullName}: reference PolicyEngine.Reporting.Abstractions without copying it (Private=false)"
                : $"reporter assembly '{assemblyPath}' has no public class implementing {typeof(IReporter).FullName}");
        }
        return reporters.Select(f => (Create(f, ReporterOptions.Empty, assemblyPath).Name, f)).ToList();
    }

    private static Func<ReporterOptions, IReporter> Factory(Type type, string assemblyPath)
    {
        if (type.GetConstructor([typeof(ReporterOptions)]) is { } withOptions)
            return options => (IReporter)withOptions.Invoke([options]);
        if (type.GetConstructor(Type.EmptyTypes) is { } plain)
            return _ => (IReporter)plain.Invoke([]);
        throw new ReporterException($"reporter {type.FullName} in '{assemblyPath}' needs a public constructor taking ReporterOptions, or none");
    }

    /// <summary>Runs a reporter's factory; a constructor that throws becomes a <see cref="ReporterException"/> naming where the reporter came from.</summary>
    public static IReporter Create(Func<ReporterOptions, IReporter> factory, ReporterOptions options, string assemblyPath)
    {
        try
        {
            return factory(options);
        }
        catch (TargetInvocationException e) when (e.InnerException is ReporterException inner)
        {
            throw inner;
        }
        catch (TargetInvocationException e)
        {
            throw new ReporterException($"a reporter in '{assemblyPath}' failed to start: {e.InnerException?.Message ?? e.Message}", e);
        }
    }
}
