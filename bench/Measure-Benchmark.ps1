<#
.SYNOPSIS
Measures the Trackyard module against its anchors and writes every raw figure to a JSON file (no conclusions).

.DESCRIPTION
Copies the built module, the emulator and the empty binary module to a temporary folder, starts two emulators on
127.0.0.1 (one normal, one with 2-second "minutes" for the pacing case), then runs the cases in bench/Cases in the
order of the report. Each case script takes the shared context and returns its figures; this script adds the
machine, the versions and the load of the machine at each step, and writes it all to -OutFile. Turning the figures
into bench/results.md is Write-BenchReport.ps1's job. Run both through the build: `dotnet pwsh ./build.ps1 -Task Bench`.
#>
[CmdletBinding()]
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/Trackyard/Trackyard.psd1'),
    [string] $EmulatorDll = (Join-Path $PSScriptRoot '../out/Emulator/Trackyard.Emulator.dll'),
    [string] $EmptyModuleDll = (Join-Path $PSScriptRoot '../out/bench/EmptyModule/EmptyBinaryModule.dll'),
    [string] $OutFile = (Join-Path $PSScriptRoot '../out/bench/figures.json'),
    # At least 5 for figures that count; fewer only while trying things (the report says so).
    [ValidateRange(1, 50)] [int] $Rounds = 5,
    [ValidateRange(100, 100000)] [int] $Searches = 1000,
    # Cases to run (all by default), e.g. -Case PerSearch,Pages while trying things.
    [string[]] $Case = @('PerSearch', 'Pages', 'Parallel', 'FreshProcesses', 'Pacing', 'EmulatorWork')
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$ProgressPreference = 'SilentlyContinue'
$env:NO_COLOR = '1'
if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }

$allCases = 'PerSearch', 'Pages', 'Parallel', 'FreshProcesses', 'Pacing', 'EmulatorWork'
$Case = @($Case -split ',' | ForEach-Object Trim | Where-Object { $_ })
foreach ($name in $Case) { if ($name -notin $allCases) { throw "Unknown case '$name'; the cases are: $($allCases -join ', ')." } }
$started = [DateTime]::UtcNow
$total = [Diagnostics.Stopwatch]::StartNew()
$root = (Resolve-Path -LiteralPath (Join-Path $PSScriptRoot '..')).ProviderPath
Import-Module (Join-Path $PSScriptRoot 'BenchTools.psm1') -Force
Import-Module (Join-Path $root 'tools/Emulator.psm1') -Force

$workDir = Join-Path ([IO.Path]::GetTempPath()) ('trackyard-bench-' + [guid]::NewGuid().ToString('n'))
New-Item -ItemType Directory -Path $workDir | Out-Null

# Measure private copies, so that a build started meanwhile (another task, an editor) cannot replace the binaries
# halfway through the run.
$snapshot = Join-Path $workDir 'bin'
foreach ($pair in @(@($ModulePath, 'Trackyard'), @($EmulatorDll, 'Emulator'), @($EmptyModuleDll, 'EmptyModule'))) {
    $source = (Resolve-Path -LiteralPath $pair[0]).ProviderPath
    Copy-Item -LiteralPath (Split-Path $source) -Destination (Join-Path $snapshot $pair[1]) -Recurse
}
$ModulePath = Join-Path $snapshot "Trackyard/$(Split-Path -Leaf $ModulePath)"
$EmulatorDll = Join-Path $snapshot "Emulator/$(Split-Path -Leaf $EmulatorDll)"
$EmptyModuleDll = Join-Path $snapshot "EmptyModule/$(Split-Path -Leaf $EmptyModuleDll)"

Write-BenchStep 'Compiling the raw-client helpers (Add-Type)'
Add-Type -Path (Join-Path $PSScriptRoot 'BenchHelpers.cs')
Import-Module -Assembly ([TrackyardBench.InvokeBenchNoopCommand].Assembly)

# The emulator's built-in key without limits or credits: rate limits never interfere. Fresh processes read it from
# the environment, as Connect-Trackyard does without -ApiKey.
$key = 'trackyard_test_unlimited'
$env:TRACKYARD_API_KEY = $key
$emulator = $null
$paced = $null
$raw = $null
$figures = [ordered]@{ schema = 1 }
try {
    Write-BenchStep 'Starting the emulators'
    $emulator = Start-TrackyardEmulator -EmulatorDll $EmulatorDll
    $paced = Start-TrackyardEmulator -EmulatorDll $EmulatorDll -ArgumentList @('--minute-seconds', '2')
    $api = $emulator.ApiUri
    if ($api -notmatch '^http://127\.0\.0\.1:') { throw "The emulator is not on 127.0.0.1: $api" }

    Import-Module $ModulePath -Force
    Connect-Trackyard -BaseUri $api
    $query = 'upbeat electronic'          # 20 results: one full default page
    $null = Search-TrackyardTrack $query
    # The module's own User-Agent, read from the emulator's log, so that every contender sends the same headers.
    $userAgent = (Get-TrackyardEmulatorRequest $emulator | Select-Object -Last 1).user_agent
    $raw = [TrackyardBench.RawClient]::new($key, $userAgent)

    $bench = @{
        Rounds = $Rounds; Searches = $Searches; Key = $key; Api = $api; UserAgent = $userAgent
        Query = $query
        PageQuery = 'calm piano'           # more than 1,000 results: 10 full pages of 100
        LongTrack = 'LongTrackForBenchmarks00001'
        LongTrackBytes = 57600208
        ModulePath = $ModulePath; EmulatorDll = $EmulatorDll; EmptyModuleDll = $EmptyModuleDll
        Emulator = $emulator; Paced = $paced; Raw = $raw; WorkDir = $workDir
        FreshScript = Join-Path $PSScriptRoot 'FreshProcess.ps1'
    }

    # Same responses: the module, the raw typed client and Invoke-RestMethod get the same 20 tracks.
    $check = @(Search-TrackyardTrack $query -NoCache)
    $checkIrm = Invoke-RestMethod -Method Post -Uri "$api/search" -Headers @{ Authorization = "Bearer $key" } -Body (@{ query = $query; limit = 20 } | ConvertTo-Json) -ContentType 'application/json'
    $checkRaw = $raw.FirstTrackId("$api/search", $query, 20)
    if ($check.Count -ne 20 -or @($checkIrm.tracks).Count -ne 20 -or $check[0].Id -ne $checkIrm.tracks[0].id -or $check[0].Id -ne $checkRaw) {
        throw 'The contenders do not get the same 20 tracks.'
    }

    $cases = [ordered]@{}
    foreach ($name in $allCases) {
        if ($name -notin $Case) { continue }
        $result = & (Join-Path $PSScriptRoot "Cases/$name.ps1") -Bench $bench
        foreach ($section in $result.Keys) { $cases[$section] = $result[$section] }
    }

    Write-BenchStep 'Machine and versions'
    $cpuModel = (Get-Content /proc/cpuinfo | Where-Object { $_ -like 'model name*' } | Select-Object -First 1) -replace '^model name\s*:\s*', ''
    $memKb = [long](((Get-Content /proc/meminfo | Where-Object { $_ -like 'MemTotal:*' }) -split '\s+')[1])
    $module = Get-Module Trackyard
    $figures.run = [ordered]@{
        startedUtc = $started.ToString('yyyy-MM-dd HH:mm')
        measureSeconds = [Math]::Round($total.Elapsed.TotalSeconds, 1)
        rounds = $Rounds
        key = $key
        steps = Get-BenchStep
    }
    $figures.machine = [ordered]@{
        cpu = $cpuModel
        cores = [Environment]::ProcessorCount
        memoryGiB = [Math]::Round($memKb / 1024 / 1024, 1)
        os = "$(((Get-Content /etc/os-release | Where-Object { $_ -like 'PRETTY_NAME=*' }) -replace '^PRETTY_NAME=', '').Trim('"')) (kernel $(& uname -r))"
        dotnet = "$([Runtime.InteropServices.RuntimeInformation]::FrameworkDescription) (SDK $(& dotnet --version)), GC $(if ([Runtime.GCSettings]::IsServerGC) { 'server' } else { 'workstation' })"
        powershell = "$($PSVersionTable.PSVersion)"
        module = "Trackyard $($module.Version)$(if ($module.PrivateData.PSData['Prerelease']) { "-$($module.PrivateData.PSData['Prerelease'])" })"
        # results.md is this run's own output: a copy of it from an earlier run does not make the code uncommitted.
        commit = "$(& git -C $root rev-parse --short HEAD 2>$null)$(if (& git -C $root status --porcelain --untracked-files=no -- . ':(exclude)bench/results.md' 2>$null) { ' (with uncommitted changes)' })"
        curl = ((& curl --version) | Select-Object -First 1) -replace '^(curl \S+).*', '$1'
        emulatorCpuSource = if ([TrackyardBench.Counters]::HasSchedstat($emulator.Process.Id)) { 'schedstat' } else { 'ticks' }
    }
    $figures.cases = $cases
    $OutFile = [IO.Path]::GetFullPath($OutFile)
    $folder = Split-Path -Parent $OutFile
    if (-not (Test-Path -LiteralPath $folder)) { New-Item -ItemType Directory -Path $folder | Out-Null }
    $figures | ConvertTo-Json -Depth 12 | Set-Content -LiteralPath $OutFile -Encoding utf8
    Write-BenchStep "Wrote $OutFile"
}
finally {
    if ($raw) { $raw.Dispose() }
    if ($emulator) { Stop-TrackyardEmulator $emulator }
    if ($paced) { Stop-TrackyardEmulator $paced }
    Remove-Item -LiteralPath $workDir -Recurse -Force -ErrorAction SilentlyContinue
}
