<#
.SYNOPSIS
Packages the built module the way the PowerShell Gallery would serve it, installs that package, and uses it.

.DESCRIPTION
Used by `build.ps1 -Task Package` and by tests/Pester/Package.Tests.ps1 (so the Test task runs it too).
 1. Test-ModuleManifest on the built manifest.
 2. In a fresh pwsh whose PSResourceGet settings live in a temporary folder (XDG_DATA_HOME), registers a local
    folder repository, Publish-PSResource's the module folder into it (that builds Trackyard.<version>.nupkg, with
    the Prerelease label), Install-PSResource's it from there (CurrentUser scope, which is inside the same temporary
    folder), and unregisters the repository.
 3. In another fresh pwsh, with only the temporary module folder prepended to PSModulePath, starts the emulator,
    imports the module by name (`Import-Module Trackyard`), checks its version, connects and searches.
The package is copied to -OutFolder; the temporary folder is removed. Returns a summary; throws on any failure.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModuleFolder,
    [Parameter(Mandatory)] [string] $OutFolder
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '..')).ProviderPath
$started = [Diagnostics.Stopwatch]::StartNew()
$ModuleFolder = (Resolve-Path -LiteralPath $ModuleFolder).ProviderPath
$OutFolder = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($OutFolder)

$manifestPath = Join-Path $ModuleFolder 'Trackyard.psd1'
# Test-ModuleManifest, not Import-PowerShellDataFile: the manifest picks its RootModule by $PSEdition, which a plain
# data file cannot express.
$manifest = Test-ModuleManifest -Path $manifestPath
$prerelease = $manifest.PrivateData.PSData.Prerelease
$fullVersion = $manifest.Version.ToString() + $(if ($prerelease) { "-$prerelease" })

function Invoke-FreshPwsh {
    # Runs a script in a new pwsh with some environment variables changed, and returns its JSON output as an object.
    param([string] $Script, [hashtable] $Environment, [object[]] $ArgumentList = @())
    $saved = @{}
    foreach ($name in $Environment.Keys) {
        $saved[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $Environment[$name])
    }
    $file = Join-Path $work "step-$([guid]::NewGuid().ToString('n')).ps1"
    Set-Content -LiteralPath $file -Value $Script
    Push-Location $repoRoot   # `dotnet pwsh` is found through the tool manifest of this tree
    try {
        $output = & dotnet pwsh -NoProfile -NonInteractive -File $file @ArgumentList 2>&1
        if ($LASTEXITCODE -ne 0) { throw "A packaging step failed (exit code $LASTEXITCODE):`n$($output | Out-String)" }
        ($output | Out-String) | ConvertFrom-Json
    }
    finally {
        Pop-Location
        foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
    }
}

$work = Join-Path ([IO.Path]::GetTempPath()) ('trackyard-package-' + [guid]::NewGuid().ToString('n'))
$userHome = Join-Path $work 'home'    # HOME and XDG_DATA_HOME of the install: PSResourceGet's settings and CurrentUser modules
$repository = Join-Path $work 'repository'
$modules = Join-Path $userHome '.local/share/powershell/Modules'
# The data and config folders must exist: .NET reports a missing one as no folder at all, and PSResourceGet (and
# NuGet inside it) would then write their settings relative to the current directory.
New-Item -ItemType Directory -Path (Join-Path $userHome '.local/share'), (Join-Path $userHome '.config'), $repository | Out-Null
try {
    $installed = Invoke-FreshPwsh -Environment @{ XDG_DATA_HOME = (Join-Path $userHome '.local/share') } -ArgumentList $ModuleFolder, $repository, $userHome, $modules -Script @'
param($ModuleFolder, $Repository, $UserHome, $Modules)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
# PSResourceGet reads HOME when it installs for the CurrentUser on Linux and macOS; the process started with the
# real one (dotnet needs it to find the pwsh tool).
$env:HOME = $UserHome
Set-Location $UserHome
[Environment]::CurrentDirectory = $UserHome
Import-Module Microsoft.PowerShell.PSResourceGet
$name = 'TrackyardLocal-' + [guid]::NewGuid().ToString('n').Substring(0, 8)
Register-PSResourceRepository -Name $name -Uri $Repository -Trusted
try {
    Publish-PSResource -Path $ModuleFolder -Repository $name
    $resource = if ($IsWindows) {
        # Untested: on Windows the CurrentUser scope is the real Documents folder; save into the temporary one instead.
        Save-PSResource -Name Trackyard -Repository $name -TrustRepository -Prerelease -Path $Modules -IncludeXml -PassThru -Quiet
    }
    else {
        Install-PSResource -Name Trackyard -Repository $name -TrustRepository -Prerelease -Scope CurrentUser -PassThru -Quiet
    }
    [ordered]@{
        Nupkg       = @(Get-ChildItem -LiteralPath $Repository -Filter '*.nupkg').Name
        Version     = "$($resource.Version)"
        Prerelease  = $resource.Prerelease
        InstalledTo = $resource.InstalledLocation
    } | ConvertTo-Json
}
finally {
    Unregister-PSResourceRepository -Name $name
}
'@
    if (-not (Test-Path -LiteralPath (Join-Path $userHome '.local/share/PSResourceGet/PSResourceRepository.xml'))) {
        throw 'PSResourceGet did not keep its repository list in the temporary folder.'
    }
    $nupkg = @($installed.Nupkg)
    if ($nupkg.Count -ne 1 -or $nupkg[0] -ne "Trackyard.$fullVersion.nupkg") {
        throw "Expected the package Trackyard.$fullVersion.nupkg, found: $($nupkg -join ', ')"
    }
    New-Item -ItemType Directory -Path $OutFolder -Force | Out-Null
    Copy-Item -LiteralPath (Join-Path $repository $nupkg[0]) -Destination $OutFolder -Force

    $used = Invoke-FreshPwsh -Environment @{ PSModulePath = $modules + [IO.Path]::PathSeparator + $env:PSModulePath } -ArgumentList $repoRoot -Script @'
param($RepoRoot)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $RepoRoot 'tools/Emulator.psm1')
$emulator = Start-TrackyardEmulator
try {
    Import-Module Trackyard
    $module = Get-Module Trackyard
    Connect-Trackyard -ApiKey (ConvertTo-SecureString 'trackyard_test_starter' -AsPlainText -Force) -BaseUri $emulator.ApiUri
    $tracks = @(Search-TrackyardTrack 'upbeat electronic for a tech demo' -First 3)
    [ordered]@{
        ModuleBase   = $module.ModuleBase
        Version      = "$($module.Version)"
        Prerelease   = $module.PrivateData.PSData.Prerelease
        Files        = @(Get-ChildItem -LiteralPath $module.ModuleBase -Recurse -File |
                ForEach-Object { [IO.Path]::GetRelativePath($module.ModuleBase, $_.FullName).Replace('\', '/') })
        Tracks       = $tracks.Count
        FirstTrack   = $tracks[0].Title
    } | ConvertTo-Json
}
finally {
    Stop-TrackyardEmulator $emulator
}
'@
    if ($used.Version -ne $manifest.Version.ToString() -or "$($used.Prerelease)" -ne "$prerelease") {
        throw "Import-Module Trackyard loaded version $($used.Version)-$($used.Prerelease), expected $fullVersion."
    }
    if (-not $used.ModuleBase.StartsWith($modules)) {
        throw "Import-Module Trackyard loaded $($used.ModuleBase), not the installed package under $modules."
    }
    if ($used.Tracks -lt 1) { throw 'The installed module found no track.' }

    [pscustomobject]@{
        Package      = Join-Path $OutFolder $nupkg[0]
        Version      = $fullVersion
        InstalledTo  = $installed.InstalledTo
        ModuleBase   = $used.ModuleBase
        ImportedAs   = "$($used.Version)-$($used.Prerelease)"
        Tracks       = $used.Tracks
        FirstTrack   = $used.FirstTrack
        Files        = @($used.Files)
        Seconds      = [math]::Round($started.Elapsed.TotalSeconds, 1)
    }
}
finally {
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}
