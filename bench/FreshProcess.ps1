<#
.SYNOPSIS
One measurement in a fresh PowerShell process, started by Cases/FreshProcesses.ps1. Prints one JSON line.

.DESCRIPTION
Modes:
  Import  Import-Module -ImportPath as the session's first import (a manifest, a DLL by path, ...). With -FirstCall,
          then Connect-Trackyard (key from TRACKYARD_API_KEY; it sends GET /me) and two Search-TrackyardTrack. With
          -Download, then two Save-TrackyardTrack of -TrackId: the first (cold: that code has never run in this
          process) and the second (warm).
  Irm     The same with the web cmdlets: Import-Module Microsoft.PowerShell.Utility (their module), GET /me and two
          POST /search with Invoke-RestMethod; with -Download, two Invoke-WebRequest -OutFile.

Every figure is a Stopwatch around one step, inside this process: process start is in none of them except
launchToFirstSearchMs (from the parent's Stopwatch timestamp just before it started this process, -LaunchedAt, to the
end of the first search; the monotonic clock is shared by both processes) and startupMs (launch to this script's
first line). Nothing runs before the timed import that could load a module: no cmdlet outside Microsoft.PowerShell.Core,
no Add-Type. JIT figures are System.Runtime.JitInfo's (time spent compiling, methods compiled) during each step, on the
thread that runs it.
Memory: /proc/self/clear_refs is written with 5 just before a download, so VmHWM (the peak resident set) restarts
from the current VmRSS; growth = VmHWM after the download − VmRSS before it.
#>
param(
    [Parameter(Mandatory)] [ValidateSet('Import', 'Irm')] [string] $Mode,
    [Parameter(Mandatory)] [long] $LaunchedAt,
    [string] $ImportPath,
    [string] $ApiUri,
    [string] $Query = 'upbeat electronic',
    [string] $UserAgent,
    [string] $TrackId,
    [string] $OutFile,
    [switch] $FirstCall,
    [switch] $Download
)
$scriptStart = [Diagnostics.Stopwatch]::GetTimestamp()
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

function Get-SinceLaunchMs([long] $Timestamp) { ($Timestamp - $LaunchedAt) * 1000.0 / [Diagnostics.Stopwatch]::Frequency }

function Get-Kb([string] $Field) {
    foreach ($line in [IO.File]::ReadAllLines('/proc/self/status')) {
        if ($line.StartsWith("${Field}:")) { return [long]($line -split '\s+')[1] }
    }
    return -1
}

function Reset-Peak {
    try { [IO.File]::WriteAllText('/proc/self/clear_refs', '5'); $true } catch { $false }
}

function Get-AssemblyNames {
    $names = [System.Collections.Generic.HashSet[string]]::new()
    foreach ($assembly in [AppDomain]::CurrentDomain.GetAssemblies()) {
        $context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($assembly)
        $null = $names.Add("$($assembly.GetName().Name) [$(if ($context) { $context.Name } else { '?' })]")
    }
    , $names
}

# CPU time in ms of the calling thread (its run time from /proc/thread-self/schedstat, in ns) and of the whole process
# (getrusage, all threads). Unlike wall time, they do not grow while the machine is busy with other work.
function Get-ThreadCpuMs {
    try { $text = [IO.File]::ReadAllText('/proc/thread-self/schedstat'); [long]$text.Substring(0, $text.IndexOf(' ')) / 1e6 } catch { [double]::NaN }
}

function Get-ProcessCpuMs { [Environment]::CpuUsage.TotalTime.TotalMilliseconds }

function Get-Jit {
    @([System.Runtime.JitInfo]::GetCompilationTime($true).TotalMilliseconds, [System.Runtime.JitInfo]::GetCompiledMethodCount($true),
        [System.Runtime.JitInfo]::GetCompilationTime($false).TotalMilliseconds)
}

# Times one step: its ms, the CPU time of this thread and of the process during it, the JIT time and methods compiled
# during it on this thread (and the JIT time on all threads, which includes PowerShell's own background start-up work
# and tiered re-compilation), and the assemblies it loaded. Every reading after the step is taken before anything else
# runs (the bookkeeping below would otherwise put its own first-use compilation into the step's figures).
function Measure-Step([string] $Name, [scriptblock] $Step) {
    $before = Get-AssemblyNames
    $jit = Get-Jit
    $processCpu = Get-ProcessCpuMs
    $threadCpu = Get-ThreadCpuMs
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $null = & $Step
    $ms = $watch.Elapsed.TotalMilliseconds
    $threadCpuAfter = Get-ThreadCpuMs
    $processCpuAfter = Get-ProcessCpuMs
    $jitAfter = Get-Jit
    $after = Get-AssemblyNames
    $after.ExceptWith($before)
    $result["${Name}Ms"] = $ms
    $result["${Name}ThreadCpuMs"] = $threadCpuAfter - $threadCpu
    $result["${Name}ProcessCpuMs"] = $processCpuAfter - $processCpu
    $result["${Name}JitMs"] = $jitAfter[0] - $jit[0]
    $result["${Name}JitMethods"] = $jitAfter[1] - $jit[1]
    $result["${Name}JitAllThreadsMs"] = $jitAfter[2] - $jit[2]
    $loaded = [string[]]::new($after.Count)
    $after.CopyTo($loaded)
    [Array]::Sort($loaded)
    $result["${Name}Loaded"] = $loaded
}

# Times one download and the peak resident memory it added.
function Measure-Download([string] $Name, [scriptblock] $Step) {
    $result["${Name}PeakReset"] = Reset-Peak
    $baseline = Get-Kb VmRSS
    Measure-Step $Name $Step
    $result["${Name}GrowthKb"] = (Get-Kb VmHWM) - $baseline
    $result["${Name}Bytes"] = ([IO.FileInfo]::new($OutFile)).Length
    [IO.File]::Delete($OutFile)
}

$result = [ordered]@{ mode = $Mode; startupMs = Get-SinceLaunchMs $scriptStart }
# Each reading once before any step, so that no step pays for the readings' own first use.
$null = (Get-AssemblyNames), (Get-Jit), (Get-ProcessCpuMs), (Get-ThreadCpuMs)
switch ($Mode) {
    'Import' {
        Measure-Step import { Import-Module $ImportPath }
        if ($FirstCall) {
            Measure-Step connect { Connect-Trackyard -BaseUri $ApiUri }
            Measure-Step firstSearch { $script:tracks = @(Search-TrackyardTrack $Query -NoCache) }
            $result.launchToFirstSearchMs = Get-SinceLaunchMs ([Diagnostics.Stopwatch]::GetTimestamp())
            Measure-Step secondSearch { $script:tracks = @(Search-TrackyardTrack $Query -NoCache) }
            $result.tracks = $script:tracks.Count
            $result.firstTrackId = $script:tracks[0].Id
        }
        if ($Download) {
            Measure-Download coldDownload { Save-TrackyardTrack -Id $TrackId -Path $OutFile -Force }
            Measure-Download warmDownload { Save-TrackyardTrack -Id $TrackId -Path $OutFile -Force }
        }
    }
    'Irm' {
        $headers = @{ Authorization = "Bearer $env:TRACKYARD_API_KEY"; Accept = 'application/json' }
        $body = '{"query":"' + $Query + '","limit":20,"offset":0}'
        $json = 'application/json; charset=utf-8'
        Measure-Step import { Import-Module Microsoft.PowerShell.Utility }
        Measure-Step connect { Invoke-RestMethod -Uri "$ApiUri/me" -Headers $headers -UserAgent $UserAgent }
        Measure-Step firstSearch { $script:page = Invoke-RestMethod -Method Post -Uri "$ApiUri/search" -Headers $headers -UserAgent $UserAgent -Body $body -ContentType $json }
        $result.launchToFirstSearchMs = Get-SinceLaunchMs ([Diagnostics.Stopwatch]::GetTimestamp())
        Measure-Step secondSearch { $script:page = Invoke-RestMethod -Method Post -Uri "$ApiUri/search" -Headers $headers -UserAgent $UserAgent -Body $body -ContentType $json }
        $result.tracks = @($script:page.tracks).Count
        $result.firstTrackId = $script:page.tracks[0].id
        if ($Download) {
            $downloadBody = '{"track_id":"' + $TrackId + '"}'
            $save = { Invoke-WebRequest -Method Post -Uri "$ApiUri/download-track" -Headers $headers -UserAgent $UserAgent -Body $downloadBody -ContentType $json -OutFile $OutFile }
            Measure-Download coldDownload $save
            Measure-Download warmDownload $save
        }
    }
}
$result | ConvertTo-Json -Compress -Depth 3
