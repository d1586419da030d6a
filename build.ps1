<#
.SYNOPSIS
Builds, tests and demonstrates the Trackyard module.

.DESCRIPTION
Tasks:
  Build  (default) Compiles the solution (warnings are errors) and lays out an importable module at out/Trackyard.
  Test   Build, then `dotnet format --verify-no-changes`, the xunit projects and the Pester suites.
         Ends with the line `total: N passed, N failed` and exits non-zero on any failure, a broken test file, or no test.
  Demo   Build, start the emulator on a free port, connect, search in plain words, show tracks and account, stop the emulator.
  Bench  Build, then measure (bench/Measure-Benchmark.ps1 against its own emulators, figures in out/bench/figures.json)
         and report (bench/Write-BenchReport.ps1 writes bench/results.md); under 5 minutes.
  Package Build, then publish out/Trackyard to a temporary local PSResourceGet repository (out/package/Trackyard.<version>.nupkg),
         install it with Install-PSResource into a temporary module folder, import it by name in a fresh pwsh and
         search the emulator (tools/Test-ModulePackage.ps1; the Test task runs it too, in tests/Pester/Package.Tests.ps1).
  Clean  Removes out/.

.EXAMPLE
dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Bench', 'Package', 'Clean')]
    [string] $Task = 'Build',
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$env:NO_COLOR = '1'
if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'

$root = $PSScriptRoot
$out = Join-Path $root 'out'
$moduleOut = Join-Path $out 'Trackyard'
$emulatorOut = Join-Path $out 'Emulator'
$solution = Join-Path $root 'Trackyard.Module.sln'

function Invoke-Native {
    # Runs a native command line and stops the build when it fails.
    param([Parameter(Mandatory)] [scriptblock] $CommandLine)
    & $CommandLine
    if ($LASTEXITCODE -ne 0) { throw "'$CommandLine' failed with exit code $LASTEXITCODE." }
}

function Get-ModuleVersion {
    $props = [xml](Get-Content -Raw -LiteralPath (Join-Path $root 'Directory.Build.props'))
    $group = $props.Project.PropertyGroup | Where-Object { $_['TrackyardVersion'] } | Select-Object -First 1
    [pscustomobject]@{ Version = $group.TrackyardVersion; Prerelease = $group.TrackyardPrerelease }
}

function Invoke-Build {
    Write-Host "==> Build ($Configuration)"
    Invoke-Native { dotnet build $solution -c $Configuration --nologo -v quiet }
    if (Test-Path -LiteralPath $moduleOut) { Remove-Item -LiteralPath $moduleOut -Recurse -Force }
    Invoke-Native { dotnet publish (Join-Path $root 'src/Trackyard.Emulator/Trackyard.Emulator.csproj') -c $Configuration -o $emulatorOut --nologo -v quiet --no-build }

    # Two builds of the module, picked by the manifest: net8.0 for PowerShell 7.4+, netstandard2.0 for Windows
    # PowerShell 5.1. In each, Trackyard.Resilience (the only assembly that uses Polly) and Polly.Core, and for Windows
    # PowerShell what Polly needs that .NET Framework does not bring, go to Dependencies/, which the module loads into
    # its own AssemblyLoadContext at the first call (src/Trackyard/Loading/ModuleInitializer.cs). Framework packages
    # stay beside Trackyard.dll.
    New-Item -ItemType Directory -Path $moduleOut | Out-Null
    foreach ($framework in 'net8.0', 'netstandard2.0') {
        $frameworkOut = Join-Path $moduleOut $framework
        Invoke-Native { dotnet publish (Join-Path $root 'src/Trackyard/Trackyard.csproj') -c $Configuration -f $framework -o $frameworkOut --nologo -v quiet --no-build }

        # PowerShell brings its own System.Management.Automation; never ship the reference copy.
        Get-ChildItem -LiteralPath $frameworkOut -Filter 'System.Management.Automation*.dll' | Remove-Item -Force
        Get-ChildItem -LiteralPath $frameworkOut -Include '*.pdb', '*.deps.json', '*.xml' -Recurse | Remove-Item -Force   # compiler docs; users get MAML help
        $dependencies = New-Item -ItemType Directory -Path (Join-Path $frameworkOut 'Dependencies')
        foreach ($name in 'Trackyard.Resilience', 'Polly.Core', 'Microsoft.Bcl.TimeProvider') {
            $file = Join-Path $frameworkOut "$name.dll"
            if (Test-Path -LiteralPath $file) { Move-Item -LiteralPath $file -Destination $dependencies }
        }
    }
    # PowerShell 7.6 on Linux x64 runs on .NET 10: precompile the PowerShell 7 build for it (tools/ReadyToRun), so a
    # fresh session's first call does not wait for the JIT. Other platforms run the same files from their IL.
    if ($IsLinux -and [Runtime.InteropServices.RuntimeInformation]::OSArchitecture -eq 'X64') {
        $powerShellAssembly = [System.Management.Automation.PSObject].Assembly.Location
        Invoke-Native { dotnet msbuild (Join-Path $root 'tools/ReadyToRun/ReadyToRun.csproj') -restore -t:CompileReadyToRun -nologo -v:quiet "-p:ModuleFolder=$(Join-Path $moduleOut 'net8.0')" "-p:PowerShellAssembly=$powerShellAssembly" }
    }
    Copy-Item -LiteralPath (Join-Path $root 'src/Trackyard/Trackyard.Format.ps1xml') -Destination $moduleOut

    $version = Get-ModuleVersion
    $manifest = Get-Content -Raw -LiteralPath (Join-Path $root 'Trackyard.psd1')
    $manifest = $manifest -replace "ModuleVersion\s*=\s*'[^']*'", "ModuleVersion        = '$($version.Version)'"
    $manifest = $manifest -replace "Prerelease\s*=\s*'[^']*'", "Prerelease   = '$($version.Prerelease)'"
    Set-Content -LiteralPath (Join-Path $moduleOut 'Trackyard.psd1') -Value $manifest -NoNewline

    # Help: MAML generated from docs/help/*.md in a fresh pwsh that imports the built module, so syntax and
    # parameter types come from the cmdlets themselves; an undocumented parameter fails the build.
    $helpOut = Join-Path $moduleOut 'en-US'
    Invoke-Native { dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $root 'tools/New-ModuleHelp.ps1') -ModuleManifest (Join-Path $moduleOut 'Trackyard.psd1') -MarkdownFolder (Join-Path $root 'docs/help') -OutFile (Join-Path $helpOut 'Trackyard.dll-Help.xml') }
    Copy-Item -LiteralPath (Join-Path $root 'docs/about_Trackyard.help.txt') -Destination $helpOut
    Write-Host "Module: $moduleOut (version $($version.Version)$(if ($version.Prerelease) { "-$($version.Prerelease)" }))"
}

function Get-TrxCounts {
    param([string] $Folder)
    $passed = 0; $failed = 0; $total = 0
    foreach ($file in Get-ChildItem -LiteralPath $Folder -Filter '*.trx' -ErrorAction SilentlyContinue) {
        $counters = ([xml](Get-Content -Raw -LiteralPath $file.FullName)).TestRun.ResultSummary.Counters
        $total += [int]$counters.total
        $passed += [int]$counters.passed
        $failed += [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
    }
    [pscustomobject]@{ Total = $total; Passed = $passed; Failed = $failed }
}

function Invoke-Test {
    Invoke-Build
    $problems = [System.Collections.Generic.List[string]]::new()

    # dotnet format reads the sources while xunit runs the built tests: neither waits for the other.
    $formatLog = Join-Path $out 'format.log'
    $format = Start-Process -FilePath 'dotnet' -PassThru -NoNewWindow -RedirectStandardOutput $formatLog -RedirectStandardError "$formatLog.err" `
        -ArgumentList @('format', $solution, '--verify-no-changes', '--no-restore')
    $null = $format.Handle   # keeps the exit code readable after the process ends

    Write-Host '==> xunit'
    $trxFolder = Join-Path $out 'test-results'
    if (Test-Path -LiteralPath $trxFolder) { Remove-Item -LiteralPath $trxFolder -Recurse -Force }
    & dotnet test $solution -c $Configuration --no-build --nologo --logger trx --results-directory $trxFolder
    $xunitExit = $LASTEXITCODE
    $xunit = Get-TrxCounts $trxFolder
    if ($xunitExit -ne 0 -and $xunit.Failed -eq 0) { $problems.Add("dotnet test exited with $xunitExit") }
    if ($xunit.Total -eq 0) { $problems.Add('xunit ran no test') }

    Write-Host '==> dotnet format --verify-no-changes'
    $format.WaitForExit()
    Get-Content -LiteralPath $formatLog, "$formatLog.err" -ErrorAction Ignore | Write-Host
    if ($format.ExitCode -ne 0) { $problems.Add('dotnet format found files that do not follow .editorconfig') }

    Write-Host '==> Pester'
    Invoke-Native { dotnet restore (Join-Path $root 'tests/tools/Tools.csproj') --nologo -v quiet }
    $pesterResult = Join-Path $out 'pester-result.json'
    if (Test-Path -LiteralPath $pesterResult) { Remove-Item -LiteralPath $pesterResult }
    # A fresh pwsh, so the suites load the built module exactly as a user would.
    # The module shares each key's rate-limit state through files in the user's cache folder; the tests keep theirs
    # in out/ instead of the real one.
    $savedCache = $env:XDG_CACHE_HOME
    $env:XDG_CACHE_HOME = Join-Path $out 'test-cache'
    try {
        & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $root 'tests/Invoke-PesterSuite.ps1') -ResultPath $pesterResult
    }
    finally {
        $env:XDG_CACHE_HOME = $savedCache
    }
    $pester = if (Test-Path -LiteralPath $pesterResult) { Get-Content -Raw -LiteralPath $pesterResult | ConvertFrom-Json } else { $null }
    if (-not $pester) {
        $problems.Add('the Pester run produced no result')
        $pester = [pscustomobject]@{ Passed = 0; Failed = 0; Total = 0; BrokenContainers = 0 }
    }
    if ($pester.BrokenContainers -gt 0) { $problems.Add("$($pester.BrokenContainers) Pester file(s) failed to run") }
    if ($pester.Total -eq 0) { $problems.Add('Pester ran no test') }

    $passed = $xunit.Passed + $pester.Passed
    $failed = $xunit.Failed + $pester.Failed
    Write-Host ''
    Write-Host "xunit: $($xunit.Passed) passed, $($xunit.Failed) failed; Pester: $($pester.Passed) passed, $($pester.Failed) failed"
    foreach ($problem in $problems) { Write-Host "problem: $problem" }
    Write-Host "total: $passed passed, $failed failed"
    if ($failed -gt 0 -or $problems.Count -gt 0) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    Import-Module (Join-Path $root 'tools/Emulator.psm1') -Force
    $emulator = Start-TrackyardEmulator
    try {
        # The same script the README test runs, so the output README.md shows is the demo's.
        & (Join-Path $root 'tools/Show-TrackyardDemo.ps1') -Emulator $emulator -ModulePath (Join-Path $moduleOut 'Trackyard.psd1')
    }
    finally {
        Stop-TrackyardEmulator $emulator
    }
}

function Invoke-Bench {
    $clock = [Diagnostics.Stopwatch]::StartNew()
    Invoke-Build
    Write-Host '==> Empty binary module (bench/EmptyModule, the import anchor)'
    Invoke-Native { dotnet build (Join-Path $root 'bench/EmptyModule/EmptyBinaryModule.csproj') -c $Configuration -o (Join-Path $out 'bench/EmptyModule') --nologo -v quiet }
    $buildSeconds = $clock.Elapsed.TotalSeconds
    $figures = Join-Path $out 'bench/figures.json'
    Write-Host '==> Measuring (bench/Measure-Benchmark.ps1)'
    # A fresh pwsh, so the measuring process holds nothing from the build; it starts and stops its own emulators.
    Invoke-Native { dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $root 'bench/Measure-Benchmark.ps1') -OutFile $figures }
    Write-Host '==> Report (bench/Write-BenchReport.ps1)'
    & (Join-Path $root 'bench/Write-BenchReport.ps1') -FiguresPath $figures -ResultPath (Join-Path $root 'bench/results.md') -BuildSeconds $buildSeconds
    Write-Host "Bench task: $([int]$clock.Elapsed.TotalSeconds) s"
}

function Invoke-Package {
    Invoke-Build
    Write-Host '==> Package (publish to a local repository, Install-PSResource, Import-Module Trackyard, search)'
    $result = & (Join-Path $root 'tools/Test-ModulePackage.ps1') -ModuleFolder $moduleOut -OutFolder (Join-Path $out 'package')
    Write-Host "Package: $($result.Package)"
    Write-Host "Installed and imported by name as $($result.ImportedAs) from $($result.ModuleBase); found $($result.Tracks) tracks ($($result.Seconds) s)"
}

Push-Location $root
try {
    switch ($Task) {
        'Build' { Invoke-Build }
        'Test' { Invoke-Test }
        'Demo' { Invoke-Demo }
        'Bench' { Invoke-Bench }
        'Package' { Invoke-Package }
        'Clean' { if (Test-Path -LiteralPath $out) { Remove-Item -LiteralPath $out -Recurse -Force } }
    }
}
finally {
    Pop-Location
}
