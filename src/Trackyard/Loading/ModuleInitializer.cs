using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
#if NET8_0_OR_GREATER
using System.Runtime.Loader;
#endif

namespace Trackyard;

/// <summary>
/// Runs when the module is imported, before any cmdlet: makes Trackyard.dll find its private dependencies in the
/// module's Dependencies folder when it first needs them (the first API call). Nothing is loaded at import.
/// PowerShell calls it; it is not meant to be used from scripts.
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
/// Answers Trackyard.dll's requests for the assemblies of its Dependencies folder: Trackyard.Resilience.dll (the only
/// assembly that references Polly) and Polly.Core, and, for Windows PowerShell, what Polly needs that .NET Framework
/// does not bring. Another module asking for the same names never gets these copies.
/// <para>PowerShell 7: they load into an AssemblyLoadContext of the module's own, named "Trackyard", made at the first
/// request. That context looks in the Dependencies folder before it asks the default context, so Trackyard.Resilience
/// always binds to this Polly.Core, even when another module has put a different Polly.Core 8.x (all are assembly
/// version 8.0.0.0) into the default context. Trackyard.dll itself stays in the default context, so [Trackyard.Track]
/// and the other public types resolve as usual.</para>
/// <para>Windows PowerShell 5.1 has no load contexts: the files are loaded with Assembly.LoadFrom, as powershell.exe
/// would load them from the module folder.</para>
/// </summary>
internal sealed class DependencyLoader
{
    private readonly Assembly _self;
    private readonly string _moduleFolder;
    private readonly string _dependencyFolder;
#if NET8_0_OR_GREATER
    private readonly Lazy<DependencyContext> _context;
#endif

    internal DependencyLoader(Assembly self)
    {
        _self = self;
        _moduleFolder = Path.GetDirectoryName(self.Location)!;
        _dependencyFolder = Path.Combine(_moduleFolder, "Dependencies");
#if NET8_0_OR_GREATER
        _context = new Lazy<DependencyContext>(() => new DependencyContext(_dependencyFolder));
#endif
    }

    /// <summary>AppDomain.AssemblyResolve: called only for names the default binding could not find.</summary>
    internal Assembly? Resolve(object? sender, ResolveEventArgs args)
    {
        var name = new AssemblyName(args.Name);
        if (name.Name == null || !File.Exists(Path.Combine(_dependencyFolder, name.Name + ".dll")))
        {
            return null;
        }

#if NET8_0_OR_GREATER
        // Only Trackyard.dll's own requests: another module asking for Polly.Core must find its own copy.
        return args.RequestingAssembly == _self ? _context.Value.LoadFromAssemblyName(name) : null;
#else
        // .NET Framework may not say who asks; when it does, answer only the module's own assemblies.
        if (args.RequestingAssembly is { } requester && !requester.Location.StartsWith(_moduleFolder, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return Assembly.LoadFrom(Path.Combine(_dependencyFolder, name.Name + ".dll"));
#endif
    }

#if NET8_0_OR_GREATER
    /// <summary>The module's own load context: an assembly found in the Dependencies folder is loaded from there, first.</summary>
    private sealed class DependencyContext : AssemblyLoadContext
    {
        private readonly string _folder;

        internal DependencyContext(string folder)
            : base("Trackyard", isCollectible: false) => _folder = folder;

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var path = Path.Combine(_folder, assemblyName.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
#endif
}
