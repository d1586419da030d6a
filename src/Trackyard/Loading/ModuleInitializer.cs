using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace Trackyard;

/// <summary>
/// Runs when the module is imported, before any cmdlet: makes Trackyard.dll find its private dependencies in the
/// module's Dependencies folder. PowerShell calls it; it is not meant to be used from scripts.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer
{
    private static readonly object Gate = new();
    private static DependencyLoader? _loader;

    /// <summary>Installs the loader once per process (imports with -Force and parallel runspaces share it).</summary>
    public void OnImport()
    {
        lock (Gate)
        {
            if (_loader == null)
            {
                _loader = new DependencyLoader(typeof(ModuleInitializer).Assembly);
                AppDomain.CurrentDomain.AssemblyResolve += _loader.Resolve;
            }
        }
    }
}

/// <summary>
/// Loads the assemblies of the Dependencies folder: Trackyard.Resilience.dll (the only assembly that references
/// Polly), Polly.Core and what Polly needs that PowerShell 7 does not bring.
/// <para>PowerShell 7: all of them are loaded at once into an AssemblyLoadContext of their own, named "Trackyard".
/// An assembly is bound first to what its own load context already holds, so Trackyard.Resilience always gets this
/// Polly.Core, even when another module has put a different Polly.Core 8.x (all are assembly version 8.0.0.0) into the
/// default context. Trackyard.dll itself stays in the default context, so [Trackyard.Track] and the other public types
/// resolve as usual; its requests for a dependency are answered from the module's context. The module targets
/// netstandard2.0, which has no AssemblyLoadContext at compile time, so the context is made through reflection,
/// as PSResourceGet does.</para>
/// <para>Windows PowerShell 5.1 has no load contexts: the files are loaded with Assembly.LoadFrom, as powershell.exe
/// would load them from the module folder.</para>
/// </summary>
internal sealed class DependencyLoader
{
    private readonly Assembly _self;
    private readonly string _moduleFolder;
    private readonly string _dependencyFolder;

    /// <summary>PowerShell 7: the assemblies loaded into the module's context, by simple name. Null on .NET Framework.</summary>
    private readonly Dictionary<string, Assembly>? _isolated;

    internal DependencyLoader(Assembly self)
    {
        _self = self;
        _moduleFolder = Path.GetDirectoryName(self.Location)!;
        _dependencyFolder = Path.Combine(_moduleFolder, "Dependencies");

        var loadContextType = typeof(object).Assembly.GetType("System.Runtime.Loader.AssemblyLoadContext");
        if (loadContextType == null || !Directory.Exists(_dependencyFolder))
        {
            return;
        }

        var context = loadContextType.GetConstructor(new[] { typeof(string), typeof(bool) })!.Invoke(new object[] { "Trackyard", false });
        var loadFromPath = loadContextType.GetMethod("LoadFromAssemblyPath", new[] { typeof(string) })!;
        _isolated = new Dictionary<string, Assembly>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in Directory.GetFiles(_dependencyFolder, "*.dll"))
        {
            // Loading maps the file and reads its metadata only; nothing runs until a type is used.
            var assembly = (Assembly)loadFromPath.Invoke(context, new object[] { path });
            _isolated[assembly.GetName().Name!] = assembly;
        }
    }

    /// <summary>AppDomain.AssemblyResolve: called only for names the default binding could not find.</summary>
    internal Assembly? Resolve(object? sender, ResolveEventArgs args)
    {
        var name = new AssemblyName(args.Name).Name;
        if (name == null)
        {
            return null;
        }

        if (_isolated != null)
        {
            // Only Trackyard.dll's own requests: another module asking for Polly.Core must find its own copy.
            return args.RequestingAssembly == _self && _isolated.TryGetValue(name, out var isolated) ? isolated : null;
        }

        // .NET Framework may not say who asks; when it does, answer only the module's own assemblies.
        if (args.RequestingAssembly is { } requester && !requester.Location.StartsWith(_moduleFolder, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        foreach (var folder in new[] { _dependencyFolder, _moduleFolder })
        {
            var path = Path.Combine(folder, name + ".dll");
            if (File.Exists(path))
            {
                return Assembly.LoadFrom(path);
            }
        }

        return null;
    }
}
