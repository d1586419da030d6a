<#
.SYNOPSIS
Turns the figures of one benchmark run (Measure-Benchmark.ps1's JSON) into bench/results.md.

.DESCRIPTION
Every number and every conclusion in the report (medians, ratios, goal met or missed, the shares of the per-call
profile, which assemblies the import loads) is computed here from the figures; the only fixed text says what was
measured and how. A figure the run could not measure is reported as not measured, with the reason.
#>
[CmdletBinding()]
param(
    [string] $FiguresPath = (Join-Path $PSScriptRoot '../out/bench/figures.json'),
    [string] $ResultPath = (Join-Path $PSScriptRoot 'results.md'),
    # Seconds the Bench task spent building before measuring (build.ps1 passes it), for the report's header.
    [double] $BuildSeconds = [double]::NaN
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$figures = Get-Content -Raw -LiteralPath $FiguresPath | ConvertFrom-Json -AsHashtable
$cases = $figures.cases
$culture = [Globalization.CultureInfo]::InvariantCulture

# ------------------------------------------------------------------------------------------------ statistics

function Get-Median([object[]] $Values) {
    $sorted = [double[]]@($Values | Where-Object { $null -ne $_ -and -not [double]::IsNaN([double]$_) } | Sort-Object)
    $n = $sorted.Count
    if ($n -eq 0) { return [double]::NaN }
    if ($n % 2) { $sorted[($n - 1) / 2] } else { ($sorted[$n / 2 - 1] + $sorted[$n / 2]) / 2 }
}

function Get-Field($Rounds, [string] $Name) { , [object[]]@($Rounds | ForEach-Object { $_[$Name] }) }

function Get-FieldMedian($Rounds, [string] $Name) { Get-Median (Get-Field $Rounds $Name) }

# ------------------------------------------------------------------------------------------------ formatting

function Format-Number($Value, [int] $Digits = 1) {
    if ($null -eq $Value -or [double]::IsNaN([double]$Value)) { return 'n/a' }
    ([double]$Value).ToString("N$Digits", $culture)
}

function Format-Raw($Values, [int] $Digits = 1) { (@($Values) | ForEach-Object { Format-Number $_ $Digits }) -join ' · ' }

function Format-Ratio([double] $Value) { "$(Format-Number $Value 2) ×" }

# Text for a Markdown table cell: a pipe would end the cell.
function Format-Cell([string] $Text) { $Text -replace '\|', '\|' }

# Whether a goal is met: -AtMost (the figure must not exceed it) or -AtLeast.
function Test-Goal([double] $Value, [double] $AtMost = [double]::NaN, [double] $AtLeast = [double]::NaN) {
    if ([double]::IsNaN($Value)) { return $null }
    if (-not [double]::IsNaN($AtMost)) { return $Value -le $AtMost }
    $Value -ge $AtLeast
}

function Format-Verdict($Met) { if ($null -eq $Met) { 'not measured' } elseif ($Met) { '**met**' } else { '**missed**' } }

$md = [System.Collections.Generic.List[string]]::new()
function Add-Line([string] $Text = '') { $md.Add($Text) }

# ------------------------------------------------------------------------------------------------ the figures the goals need

$goals = [System.Collections.Generic.List[object]]::new()
function Add-Goal([string] $Case, [string] $Module, [string] $Anchor, [string] $Ratio, [string] $Goal, $Met, [string] $Section) {
    $goals.Add([pscustomobject]@{ Case = $Case; Module = $Module; Anchor = $Anchor; Ratio = $Ratio; Goal = $Goal; Met = $Met; Section = $Section })
}

# Per search: medians of the per-round sums, per call.
$perCall = [ordered]@{}
if ($cases.Contains('perSearch')) {
    $ps = $cases.perSearch
    foreach ($name in $ps.variants.Keys) {
        $r = $ps.variants[$name].rounds
        $calls = [double]$r[0].calls
        $perCall[$name] = [ordered]@{
            label = $ps.variants[$name].label
            us = 1000 * (Get-FieldMedian $r 'ms') / $calls
            cpuUs = 1000 * (Get-FieldMedian $r 'cpuMs') / $calls
            emulatorCpuUs = 1000 * (Get-FieldMedian $r 'emulatorCpuMs') / $calls
            allocatedKb = (Get-FieldMedian $r 'allocatedBytes') / $calls / 1024
            roundMs = Get-Field $r 'ms'
        }
    }
    $moduleUs = $perCall.module.us
    $anchorUs = $perCall.rawTyped.us
    $ratio = $moduleUs / $anchorUs
    Add-Goal "per search, $(Format-Number $ps.calls 0) sequential one-page searches" "$(Format-Number $moduleUs 0) µs" "$(Format-Number $anchorUs 0) µs (raw HttpClient + System.Text.Json typed)" (Format-Ratio $ratio) '≤ 1.25 ×' (Test-Goal $ratio -AtMost 1.25) 'per-search'
}

# Import: medians per variant, the module's own share, the manifest's pieces.
$import = [ordered]@{}
if ($cases.Contains('import')) {
    foreach ($name in $cases.import.variants.Keys) {
        $r = $cases.import.variants[$name].rounds
        $import[$name] = [ordered]@{
            label = $cases.import.variants[$name].label
            ms = Get-FieldMedian $r 'importMs'
            cpuMs = Get-FieldMedian $r 'importThreadCpuMs'
            rawCpu = Get-Field $r 'importThreadCpuMs'
            jitMs = Get-FieldMedian $r 'importJitMs'
            jitMethods = Get-FieldMedian $r 'importJitMethods'
            raw = Get-Field $r 'importMs'
            loaded = @($r[0].importLoaded)
        }
    }
    $share = $import.trackyard.ms - $import.emptyManifest.ms
    Add-Goal 'import in a fresh `pwsh -NoProfile`: the module''s own share' "$(Format-Number $share) ms ($(Format-Number $import.trackyard.ms) ms − $(Format-Number $import.emptyManifest.ms) ms)" "$(Format-Number $import.emptyManifest.ms) ms (empty binary module with a minimal manifest)" '—' '≤ 15 ms' (Test-Goal $share -AtMost 15) 'import'
}

# First call: connect + first search, each side in a fresh process, its command module imported before.
$first = [ordered]@{}
if ($cases.Contains('firstCall')) {
    foreach ($name in $cases.firstCall.variants.Keys) {
        $r = $cases.firstCall.variants[$name].rounds
        $first[$name] = [ordered]@{
            label = $cases.firstCall.variants[$name].label
            rounds = $r
            firstCall = @($r | ForEach-Object { $_.connectMs + $_.firstSearchMs })
        }
    }
    $m = Get-Median $first.module.firstCall
    $a = Get-Median $first.invokeRestMethod.firstCall
    Add-Goal 'first call in a fresh process: Connect-Trackyard + first search' "$(Format-Number $m) ms" "$(Format-Number $a) ms (Invoke-RestMethod, the same two requests)" (Format-Ratio ($m / $a)) '≤ 1.0 ×' (Test-Goal ($m / $a) -AtMost 1.0) 'first-call'
}

# Download: curl + sync is the anchor of both the warm and the cold figure.
$dl = $null
if ($cases.Contains('download')) {
    $d = $cases.download.variants
    $anchorRounds = @($d.curlSync.rounds | ForEach-Object { $_.timeTotalMs + $_.syncMs })
    $dl = [ordered]@{
        anchor = Get-Median $anchorRounds
        anchorRaw = $anchorRounds
        warm = Get-FieldMedian $d.module.rounds 'warmDownloadMs'
        cold = Get-FieldMedian $d.module.rounds 'coldDownloadMs'
        coldGrowthMb = (Get-FieldMedian $d.module.rounds 'coldDownloadGrowthKb') / 1024
        warmGrowthMb = (Get-FieldMedian $d.module.rounds 'warmDownloadGrowthKb') / 1024
    }
    $mb = $cases.download.bytes / 1e6
    Add-Goal "$(Format-Number $mb) MB download, warm (second download in the process)" "$(Format-Number $dl.warm 0) ms" "$(Format-Number $dl.anchor 0) ms (curl, then sync of the file)" (Format-Ratio ($dl.warm / $dl.anchor)) '≤ 1.1 ×' (Test-Goal ($dl.warm / $dl.anchor) -AtMost 1.1) 'download'
    Add-Goal 'same, cold (first download in a fresh process)' "$(Format-Number $dl.cold 0) ms" "$(Format-Number $dl.anchor 0) ms (curl, then sync of the file)" (Format-Ratio ($dl.cold / $dl.anchor)) '≤ 1.5 ×' (Test-Goal ($dl.cold / $dl.anchor) -AtMost 1.5) 'download'
    $growth = [Math]::Max($dl.coldGrowthMb, $dl.warmGrowthMb)
    Add-Goal 'download peak memory growth (the larger of cold and warm)' "$(Format-Number $growth) MB" '—' '—' '≤ 4 MB' (Test-Goal $growth -AtMost 4) 'download'
}

# -First 1000.
$pages = [ordered]@{}
if ($cases.Contains('pages')) {
    foreach ($name in $cases.pages.variants.Keys) { $pages[$name] = Get-Median $cases.pages.variants[$name].rounds }
    $ratio = $pages.module / $pages.rawTyped
    Add-Goal '`-First 1000` (10 pages of 100)' "$(Format-Number $pages.module) ms" "$(Format-Number $pages.rawTyped) ms (10 sequential raw typed page requests)" (Format-Ratio $ratio) '≤ 1.1 ×' (Test-Goal $ratio -AtMost 1.1) 'pages'
}

# Parallel: throughput = searches / median time.
$par = [ordered]@{}
if ($cases.Contains('parallel')) {
    foreach ($name in $cases.parallel.variants.Keys) {
        $r = $cases.parallel.variants[$name].rounds
        $ms = Get-FieldMedian $r 'ms'
        $par[$name] = [ordered]@{
            label = $cases.parallel.variants[$name].label
            ms = $ms; raw = Get-Field $r 'ms'
            rate = 1000 * [double]$r[0].searches / $ms
            cpuMs = Get-FieldMedian $r 'cpuMs'; emulatorCpuMs = Get-FieldMedian $r 'emulatorCpuMs'
            errors = (@($r | ForEach-Object { $_.errors }) | Measure-Object -Sum).Sum
            missing = (@($r | ForEach-Object { $_.searches - $_.ok - $_.errors }) | Measure-Object -Sum).Sum
            badTracks = @($r | Where-Object { $_.tracks -ne 20 * $_.ok }).Count
        }
    }
    $ratio = $par.moduleRunspaces.rate / $par.rawThreads.rate
    $p = $cases.parallel
    Add-Goal "$($p.workers) runspaces × $($p.each) searches on one unlimited key (throughput)" "$(Format-Number $par.moduleRunspaces.rate 0) searches/s" "$(Format-Number $par.rawThreads.rate 0) searches/s ($($p.workers) raw typed clients on $($p.workers) threads)" (Format-Ratio $ratio) '≥ 0.8 ×' (Test-Goal $ratio -AtLeast 0.8) 'parallel'
}

# ------------------------------------------------------------------------------------------------ header

$run = $figures.run
$machine = $figures.machine
Add-Line '# Benchmark results'
Add-Line
$buildText = if ([double]::IsNaN($BuildSeconds)) { '' } else { " after $(Format-Number $BuildSeconds 0) s of building" }
Add-Line "One run of ``dotnet pwsh ./build.ps1 -Task Bench`` on $($run.startedUtc) UTC: bench/Measure-Benchmark.ps1 measured for $(Format-Number $run.measureSeconds 0) s$buildText and wrote its figures to out/bench/figures.json; bench/Write-BenchReport.ps1 computed this page from them (every median, ratio and verdict below). See [README.md](README.md) for the method."
Add-Line
Add-Line "Every case runs its variants side by side: a warm-up, then $($run.rounds) rounds in which each variant runs once, in turn. Figures are medians of the rounds; raw figures are listed in round order. All traffic goes to the emulator on 127.0.0.1 with the key ``$($run.key)`` (no rate limits, no credits), except the pacing check. The emulator shares the machine's $($machine.cores) cores with the client."
if ($run.rounds -lt 5) { Add-Line; Add-Line "**Only $($run.rounds) rounds: a trial run, not figures to compare (the goals need medians of at least 5).**" }
Add-Line
Add-Line "Load average (1 min) when each step began: $((@($run.steps) | ForEach-Object { "$(Format-Number $_.load1 2) ($($_.step))" }) -join '; ')."
Add-Line
Add-Line '| machine | |'
Add-Line '|---|---|'
Add-Line "| CPU | $($machine.cpu), $($machine.cores) cores, $(Format-Number $machine.memoryGiB 1) GiB |"
Add-Line "| OS | $($machine.os) |"
Add-Line "| .NET | $($machine.dotnet) |"
Add-Line "| PowerShell | $($machine.powershell) |"
Add-Line "| module | $($machine.module), commit $($machine.commit) |"
Add-Line "| curl | $($machine.curl) |"
Add-Line

# ------------------------------------------------------------------------------------------------ goals

Add-Line '## Goals'
Add-Line
Add-Line 'Each ratio is the module''s median against its anchor''s median, both measured in this run.'
Add-Line
Add-Line '| case | module | anchor | ratio | goal | |'
Add-Line '|---|---|---|---:|---|---|'
foreach ($g in $goals) { Add-Line "| [$($g.Case)](#$($g.Section)) | $($g.Module) | $($g.Anchor) | $($g.Ratio) | $($g.Goal) | $(Format-Verdict $g.Met) |" }
$met = @($goals | Where-Object { $_.Met -eq $true }).Count
Add-Line
Add-Line "$met of $($goals.Count) goals met."
Add-Line

# ------------------------------------------------------------------------------------------------ per search

if ($perCall.Count) {
    $ps = $cases.perSearch
    $c = $ps.calls
    Add-Line '<a id="per-search"></a>'
    Add-Line "## 1. Per search: $(Format-Number $c 0) sequential one-page searches"
    Add-Line
    Add-Line "Query ``$($ps.query)`` (one page of 20 tracks). Each round runs every variant in $($ps.slices) slices of $(Format-Number ($c / $ps.slices) 0) calls, taking turns slice by slice; a round's figure is the sum of its slices. Per call = median / $c. CPU is this process's (all threads) and the emulator's (its threads' run time, $($machine.emulatorCpuSource)), measured around every slice; allocated = bytes this process allocated."
    Add-Line
    Add-Line '| variant | per call µs | × anchor | × Invoke-RestMethod | client CPU µs/call | emulator CPU µs/call | allocated KB/call | raw ms per round |'
    Add-Line '|---|---:|---:|---:|---:|---:|---:|---|'
    foreach ($name in $perCall.Keys) {
        $v = $perCall[$name]
        $emulatorCpu = if ($name -eq 'noopCmdlet') { '—' } else { Format-Number $v.emulatorCpuUs 0 }
        Add-Line "| $(Format-Cell $v.label) | $(Format-Number $v.us 0) | $(Format-Number ($v.us / $perCall.rawTyped.us) 2) | $(Format-Number ($v.us / $perCall.invokeRestMethod.us) 2) | $(Format-Number $v.cpuUs 0) | $emulatorCpu | $(Format-Number $v.allocatedKb 1) | $(Format-Raw $v.roundMs 0) |"
    }
    Add-Line
    $floor = $perCall.rawFloor.us; $typed = $perCall.rawTyped.us; $module = $perCall.module.us; $noop = $perCall.noopCmdlet.us
    $verbose = $perCall.moduleVerbose.us; $irm = $perCall.invokeRestMethod.us
    $emulatorCpu = $perCall.rawFloor.emulatorCpuUs
    $own = $module - $typed - $noop
    Add-Line "Goal: ≤ 1.25 × the raw typed client — $(Format-Ratio ($module / $typed)), $(Format-Verdict (Test-Goal ($module / $typed) -AtMost 1.25)). Against Invoke-RestMethod: $(Format-Ratio ($module / $irm))."
    Add-Line
    Add-Line '<a id="profile"></a>'
    Add-Line '### Where the time of one search goes'
    Add-Line
    Add-Line 'Medians of the rows above, µs per call. Each part is a difference of two measured variants, so small parts carry the noise of both.'
    Add-Line
    Add-Line '| part | µs | share of Search-TrackyardTrack | from |'
    Add-Line '|---|---:|---:|---|'
    $parts = [System.Collections.Generic.List[object]]::new()
    $parts.Add(@('HTTP round trip with the emulator (the raw floor)', $floor, 'raw floor'))
    $parts.Add(@('System.Text.Json into typed tracks', ($typed - $floor), 'anchor − floor'))
    $parts.Add(@('PowerShell: command lookup, binding, pipeline, 20 × WriteObject', $noop, 'no-op cmdlet'))
    $parts.Add(@("the module's own work beyond all that", $own, 'Search-TrackyardTrack − anchor − no-op cmdlet'))
    foreach ($part in $parts) { Add-Line "| $($part[0]) | $(Format-Number $part[1] 0) | $(Format-Number (100 * $part[1] / $module) 0) % | $($part[2]) |" }
    Add-Line "| **Search-TrackyardTrack** | **$(Format-Number $module 0)** | 100 % | |"
    $verboseText = if ($verbose -ge $module) { 'more' } else { 'less: faster with verbose on' }
    Add-Line "| *with -Verbose on ($($ps.verboseLinesPerSearch) verbose lines per search)* | $(Format-Number ($verbose - $module) 0) | | -Verbose − without ($verboseText) |"
    Add-Line
    $allowance = 0.25 * $typed
    Add-Line "- **The goal's allowance.** 1.25 × the anchor leaves $(Format-Number $allowance 0) µs per call for everything the module does beyond the raw typed client; it uses $(Format-Number ($module - $typed) 0) µs. Invoking any compiled cmdlet that writes 20 objects costs $(Format-Number $noop 0) µs here (the no-op cmdlet), $(Format-Number (100 * $noop / $allowance) 0) % of that allowance; the module's own work beyond it, $(Format-Number $own 0) µs, is $(Format-Number (100 * $own / $allowance) 0) % of the allowance."
    $cpuExtra = $perCall.module.cpuUs - $perCall.rawTyped.cpuUs
    Add-Line "- **CPU against wall time.** Per call this process spends $(Format-Number $perCall.module.cpuUs 0) µs of CPU for Search-TrackyardTrack and $(Format-Number $perCall.rawTyped.cpuUs 0) µs for the anchor: $(Format-Number $cpuExtra 0) µs more CPU for $(Format-Number ($module - $typed) 0) µs more wall time. It allocates $(Format-Number $perCall.module.allocatedKb 1) KB per call against $(Format-Number $perCall.rawTyped.allocatedKb 1) KB."
    $engine = $cases['emulatorWork']
    $engineText = if ($engine -and $engine.Contains('engineMicroseconds')) { "its search engine alone (parsing the body and ranking the $(Format-Number $engine.catalogSize 0)-track catalogue, loaded into the benchmark process, no HTTP) takes $(Format-Number $engine.engineMicroseconds 1) µs per search" } elseif ($engine) { "its search engine alone could not be measured ($($engine.notMeasured))" } else { 'its search engine alone was not measured in this run' }
    # The emulator's CPU per request against the time between requests, slowest pace last.
    $paced = @($perCall.Keys | Where-Object { $_ -ne 'noopCmdlet' } | Sort-Object { $perCall[$_].us })
    $cpus = @($paced | ForEach-Object { $perCall[$_].emulatorCpuUs })
    $rises = -not (@(for ($i = 1; $i -lt $cpus.Count; $i++) { $cpus[$i] -lt $cpus[$i - 1] }) -contains $true)
    $paceText = ($paced | ForEach-Object { "$(Format-Number $perCall[$_].emulatorCpuUs 0) µs at one request per $(Format-Number $perCall[$_].us 0) µs ($(Format-Cell $perCall[$_].label))" }) -join '; '
    $trend = if ($rises) { "rises with the time between requests, so it includes what its threads do between requests, not only each request's own work" } else { 'does not simply follow the time between requests' }
    Add-Line "- **The emulator's share.** The emulator's CPU per request $trend`: $paceText. At the floor's pace it is $(Format-Number $emulatorCpu 0) µs, $(Format-Number (100 * $emulatorCpu / $floor) 0) % of the floor's $(Format-Number $floor 0) µs round trip (client and emulator run on different cores at once, so CPU and wall time do not add up exactly); $engineText, the part of each request that is the emulator's own work for certain."
    Add-Line "- **Not measurable from the public cmdlets:** how the module's own $(Format-Number $own 0) µs divide between its HTTP layer (request building, resilience pipeline, reading and parsing) and its cmdlet machinery (threads, message pump, connection lookup), and what its verbose messages cost while verbose is off. A profiler attached to this loop, or timing inside the module, would be needed; this benchmark drives the module only through its cmdlets so that it keeps working whatever the module's internals become. [profile.md](profile.md) has such a profile, taken by hand."
    Add-Line
}

# ------------------------------------------------------------------------------------------------ -First 1000

if ($pages.Count) {
    $pg = $cases.pages
    Add-Line '<a id="pages"></a>'
    Add-Line '## 2. `-First 1000`: 1,000 tracks in 10 pages of 100'
    Add-Line
    Add-Line "Query ``$($pg.query)`` (more than 1,000 results). Each figure is the mean of $($pg.inner) consecutive 1,000-track searches; every variant checks that it got 1,000 tracks."
    Add-Line
    Add-Line '| variant | median ms | × anchor | × Invoke-RestMethod | raw ms |'
    Add-Line '|---|---:|---:|---:|---|'
    foreach ($name in $pg.variants.Keys) {
        Add-Line "| $(Format-Cell $pg.variants[$name].label) | $(Format-Number $pages[$name]) | $(Format-Number ($pages[$name] / $pages.rawTyped) 2) | $(Format-Number ($pages[$name] / $pages.invokeRestMethod) 2) | $(Format-Raw $pg.variants[$name].rounds) |"
    }
    Add-Line
    Add-Line "Goal: ≤ 1.1 × 10 sequential raw typed page requests — $(Format-Ratio ($pages.module / $pages.rawTyped)), $(Format-Verdict (Test-Goal ($pages.module / $pages.rawTyped) -AtMost 1.1))."
    $spent = if ($pg.searchRequestsPerFirst1000 -eq 10) { 'no credit is spent on a page that -First does not use' } else { "that is $($pg.searchRequestsPerFirst1000 - 10) more than the 10 pages needed" }
    Add-Line "One ``-First 1000`` sent $($pg.searchRequestsPerFirst1000) search requests ($($pg.searchRequestsOk) answered 200) by the emulator's request log: $spent."
    Add-Line
}

# ------------------------------------------------------------------------------------------------ parallel

if ($par.Count) {
    $p = $cases.parallel
    Add-Line '<a id="parallel"></a>'
    Add-Line "## 3. $($p.workers) runspaces × $($p.each) searches on one unlimited key"
    Add-Line
    Add-Line "Query ``$($p.query)``. The module's runspaces are opened (with the module imported) before the clock starts and use the session's one connection; the raw clients are $($p.workers) HttpClients on $($p.workers) threads. All workers wait at a start line; the time runs from their release to the last one's end. The ForEach-Object -Parallel row is the same work as a user would write it, runspace creation and $($p.workers) imports included. CPU: this process and the emulator over the timed part ($($machine.cores) cores in all)."
    Add-Line
    Add-Line '| variant | median ms | searches/s | × anchor | client CPU ms | emulator CPU ms (busy) | errors / missing | raw ms |'
    Add-Line '|---|---:|---:|---:|---:|---:|---:|---|'
    foreach ($name in $par.Keys) {
        $v = $par[$name]
        $busy = "$(Format-Number $v.emulatorCpuMs 0) ($(Format-Number (100 * $v.emulatorCpuMs / $v.ms) 0) % of a core)"
        $health = "$($v.errors) / $($v.missing)$(if ($v.badTracks) { ", $($v.badTracks) rounds with a wrong track count" })"
        Add-Line "| $(Format-Cell $v.label) | $(Format-Number $v.ms 0) | $(Format-Number $v.rate 0) | $(Format-Number ($v.rate / $par.rawThreads.rate) 2) | $(Format-Number $v.cpuMs 0) | $busy | $health | $(Format-Raw $v.raw 0) |"
    }
    Add-Line
    Add-Line "Goal: throughput ≥ 0.8 × the raw clients — $(Format-Ratio ($par.moduleRunspaces.rate / $par.rawThreads.rate)), $(Format-Verdict (Test-Goal ($par.moduleRunspaces.rate / $par.rawThreads.rate) -AtLeast 0.8))."
    Add-Line
    Add-Line 'CPU per search over the timed part, and the throughput the machine''s cores would allow if CPU were the only limit (cores × 1,000,000 / (client + emulator CPU µs per search)):'
    Add-Line
    Add-Line '| variant | client CPU µs/search | emulator CPU µs/search | CPU-bound ceiling searches/s | measured / ceiling |'
    Add-Line '|---|---:|---:|---:|---:|'
    foreach ($name in $par.Keys) {
        $v = $par[$name]
        $n = $p.workers * $p.each
        $clientUs = 1000 * $v.cpuMs / $n; $emulatorUs = 1000 * $v.emulatorCpuMs / $n
        $ceiling = $machine.cores * 1e6 / ($clientUs + $emulatorUs)
        Add-Line "| $(Format-Cell $v.label) | $(Format-Number $clientUs 0) | $(Format-Number $emulatorUs 0) | $(Format-Number $ceiling 0) | $(Format-Number (100 * $v.rate / $ceiling) 0) % |"
    }
    Add-Line
}

# ------------------------------------------------------------------------------------------------ import

if ($import.Count) {
    $im = $cases.import
    Add-Line '<a id="import"></a>'
    Add-Line '## 4. Import-Module in a fresh `pwsh -NoProfile`'
    Add-Line
    Add-Line 'Each figure is one fresh process, timed inside it with a Stopwatch around `Import-Module <path>`, which is the first import of that session (nothing before it loads a module). CPU: the run time of the importing thread during the import (`/proc/thread-self/schedstat`), which, unlike the wall time, does not grow while other work on the machine holds the cores. JIT: the time the importing thread spent in the JIT compiler (wall time, so it grows with load too) and the methods it compiled (System.Runtime.JitInfo).'
    Add-Line
    Add-Line '| variant | median ms | CPU ms | JIT ms | methods compiled | raw ms | raw CPU ms |'
    Add-Line '|---|---:|---:|---:|---:|---|---|'
    foreach ($name in $import.Keys) {
        $v = $import[$name]
        Add-Line "| $(Format-Cell $v.label) | $(Format-Number $v.ms) | $(Format-Number $v.cpuMs) | $(Format-Number $v.jitMs) | $(Format-Number $v.jitMethods 0) | $(Format-Raw $v.raw) | $(Format-Raw $v.rawCpu) |"
    }
    Add-Line
    $t = $import.trackyard.ms
    $tc = $import.trackyard.cpuMs
    Add-Line "**The module's own share** (each import the first of a fresh session): Trackyard.psd1 − the empty binary module with a minimal manifest = $(Format-Number $t) − $(Format-Number $import.emptyManifest.ms) = **$(Format-Number ($t - $import.emptyManifest.ms)) ms**, goal ≤ 15 ms, $(Format-Verdict (Test-Goal ($t - $import.emptyManifest.ms) -AtMost 15)); in CPU time of the importing thread $(Format-Number ($tc - $import.emptyManifest.cpuMs)) ms. By path, without manifests: Trackyard.dll − the empty DLL = $(Format-Number ($import.trackyardDll.ms - $import.emptyDll.ms)) ms (CPU $(Format-Number ($import.trackyardDll.cpuMs - $import.emptyDll.cpuMs)) ms). Both with a minimal manifest (RootModule and ModuleVersion only): $(Format-Number ($import.minimalManifest.ms - $import.emptyManifest.ms)) ms (CPU $(Format-Number ($import.minimalManifest.cpuMs - $import.emptyManifest.cpuMs)) ms)."
    Add-Line
    Add-Line '### Where the manifest''s cost goes'
    Add-Line
    Add-Line "Trackyard.psd1 takes $(Format-Number ($t - $import.trackyardDll.ms)) ms more than importing Trackyard.dll by path (CPU $(Format-Number ($tc - $import.trackyardDll.cpuMs)) ms). Each row below is the as-built import minus a variant without that piece (differences of medians; a negative or small figure is within the noise)."
    Add-Line
    Add-Line '| piece | variant it is compared with | ms | CPU ms |'
    Add-Line '|---|---|---:|---:|'
    $m = $im.manifest
    function Add-Piece([string] $Piece, [string] $Than, $Base, $Variant) {
        Add-Line "| $Piece | $(Format-Cell $Than) | $(Format-Number ($Base.ms - $Variant.ms)) | $(Format-Number ($Base.cpuMs - $Variant.cpuMs)) |"
    }
    $tk = $import.trackyard
    if ($import.Contains('noFormats')) { Add-Piece "the format file ($((@($m.formatsToProcess)) -join ', '), $(Format-Number (@($m.formatBytes | Measure-Object -Sum).Sum) 0) bytes)" $import.noFormats.label $tk $import.noFormats }
    if ($import.Contains('starExports')) { Add-Piece "explicit export lists instead of '*'" $import.starExports.label $tk $import.starExports }
    if ($import.Contains('noDependencies')) { Add-Piece "the Dependencies folder ($((@($m.dependencies)) -join ', '))" $import.noDependencies.label $tk $import.noDependencies }
    Add-Piece 'every manifest key beyond RootModule and ModuleVersion' $import.minimalManifest.label $tk $import.minimalManifest
    Add-Piece 'a minimal manifest itself, on the empty module' 'the empty module by path, against with a minimal manifest' $import.emptyManifest $import.emptyDll
    if ($import.Contains('emptyTrackyardFormat')) { Add-Piece "Trackyard's format file, on the empty module" 'the empty module with a minimal manifest, against the same plus FormatsToProcess' $import.emptyTrackyardFormat $import.emptyManifest }
    if ($import.Contains('emptyTinyFormat')) { Add-Piece 'a one-view format file, on the empty module' 'the empty module with a minimal manifest, against the same plus FormatsToProcess' $import.emptyTinyFormat $import.emptyManifest }
    Add-Line
    if ($import.Contains('emptyTinyFormat') -and $import.Contains('emptyTrackyardFormat') -and $import.Contains('noFormats')) {
        $code = $import.minimalManifest.ms - $import.emptyManifest.ms
        $tiny = $import.emptyTinyFormat.ms - $import.emptyManifest.ms
        $full = $import.emptyTrackyardFormat.ms - $import.emptyManifest.ms
        Add-Line "- **What is the module's own, and what is PowerShell's.** Trackyard's import minus the empty module's, both with the same minimal manifest: $(Format-Number $code) ms, which is all that Trackyard's code, assembly and module initializer cost (a figure near zero, either side, is noise). The format file adds $(Format-Number ($tk.ms - $import.noFormats.ms)) ms to Trackyard's import; on the empty module a one-view format file adds $(Format-Number $tiny) ms and Trackyard's $(Format-Number $full) ms, so that cost is PowerShell's for loading any format file, not the size of Trackyard's views. Only dropping the format file would remove it, and with it the default views that fit an 80-column console."
    }
    foreach ($na in @($im.notApplicable)) { Add-Line "- The variant ``$na`` does not apply to this build (the piece it removes is absent)." }
    $none = @($m.nestedOrRequired.Keys | Where-Object { @($m.nestedOrRequired[$_]).Count -eq 0 })
    $some = @($m.nestedOrRequired.Keys | Where-Object { @($m.nestedOrRequired[$_]).Count -gt 0 })
    if ($none.Count) { Add-Line "- Nested and required pieces: the manifest has no $($none -join ', '), so they cost nothing here." }
    foreach ($k in $some) { Add-Line "- The manifest has $k = $((@($m.nestedOrRequired[$k])) -join ', '); no variant here removes it." }
    Add-Line "- Manifest keys as built: $((@($m.keys)) -join ', ')."
    $depNames = @($m.dependencies | ForEach-Object { [IO.Path]::GetFileNameWithoutExtension($_) })
    $loadedAtImport = @($import.trackyard.loaded | Where-Object { $n = ($_ -split ' ')[0]; $depNames -contains $n })
    $loadedText = if (-not $depNames.Count) { 'The module has no Dependencies folder.' }
    elseif ($loadedAtImport.Count) { "The import loads the Dependencies: $($loadedAtImport -join ', ') (assembly [load context]), i.e. at import, not at the first call." }
    else { 'None of the Dependencies is loaded by the import: they load when first needed.' }
    Add-Line "- Assemblies the as-built import loads (first round): $((@($import.trackyard.loaded)) -join ', '). $loadedText"
    Add-Line "- JIT: the empty DLL's import compiles $(Format-Number $import.emptyDll.jitMethods 0) methods in $(Format-Number $import.emptyDll.jitMs) ms (PowerShell's own module-loading code on its first use: the empty module has nothing to compile); Trackyard.psd1's compiles $(Format-Number $import.trackyard.jitMethods 0) in $(Format-Number $import.trackyard.jitMs) ms ($(Format-Number (100 * $import.trackyard.jitMs / $t) 0) % of its import's wall time)."
    Add-Line
}

# ------------------------------------------------------------------------------------------------ first call

if ($first.Count) {
    Add-Line '<a id="first-call"></a>'
    Add-Line '## 5. The first call in a fresh process'
    Add-Line
    Add-Line 'Module: a fresh `pwsh -NoProfile` imports Trackyard.psd1 (the as-built import of section 4), then `Connect-Trackyard -BaseUri …` (key from `TRACKYARD_API_KEY`; it sends GET /me) and `Search-TrackyardTrack`. Web cmdlets: a fresh `pwsh -NoProfile` imports Microsoft.PowerShell.Utility, then Invoke-RestMethod GET /me and POST /search with the same headers and body. **The first call** = the connect step + the first search, each timed inside the process: process start and the import are in neither side''s figure. "Launch → end of the first search" includes everything (the parent''s timestamp just before starting the process, on the same monotonic clock). CPU: the process''s CPU time (all threads) during the two steps, which does not grow while other work holds the cores. JIT: the time the pipeline thread spent in the JIT compiler during them (wall time; compilation on other threads, such as a worker the call waits for, is in the all-threads row, together with PowerShell''s own background start-up work).'
    Add-Line
    Add-Line '| step | module median ms | web cmdlets median ms | ratio | module raw ms | web cmdlets raw ms |'
    Add-Line '|---|---:|---:|---:|---|---|'
    $fm = $first.module; $fi = $first.invokeRestMethod
    $rows = [ordered]@{
        'pwsh start (launch → the script''s first line)' = 'startupMs'
        'import (Trackyard.psd1 / Microsoft.PowerShell.Utility)' = 'importMs'
        'connect: GET /me' = 'connectMs'
        'first search' = 'firstSearchMs'
        'second search' = 'secondSearchMs'
    }
    foreach ($label in $rows.Keys) {
        $a = Get-Field $fm.rounds $rows[$label]; $b = Get-Field $fi.rounds $rows[$label]
        Add-Line "| $label | $(Format-Number (Get-Median $a)) | $(Format-Number (Get-Median $b)) | $(Format-Number ((Get-Median $a) / (Get-Median $b)) 2) | $(Format-Raw $a) | $(Format-Raw $b) |"
    }
    $a = $fm.firstCall; $b = $fi.firstCall
    Add-Line "| **first call: connect + first search** | **$(Format-Number (Get-Median $a))** | **$(Format-Number (Get-Median $b))** | **$(Format-Number ((Get-Median $a) / (Get-Median $b)) 2)** | $(Format-Raw $a) | $(Format-Raw $b) |"
    $a = @($fm.rounds | ForEach-Object { $_.connectProcessCpuMs + $_.firstSearchProcessCpuMs }); $b = @($fi.rounds | ForEach-Object { $_.connectProcessCpuMs + $_.firstSearchProcessCpuMs })
    Add-Line "| CPU of the process (all threads) during the first call | $(Format-Number (Get-Median $a)) | $(Format-Number (Get-Median $b)) | $(Format-Number ((Get-Median $a) / (Get-Median $b)) 2) | $(Format-Raw $a) | $(Format-Raw $b) |"
    $a = @($fm.rounds | ForEach-Object { $_.connectJitMs + $_.firstSearchJitMs }); $b = @($fi.rounds | ForEach-Object { $_.connectJitMs + $_.firstSearchJitMs })
    Add-Line "| JIT during the first call (pipeline thread) | $(Format-Number (Get-Median $a)) | $(Format-Number (Get-Median $b)) | | $(Format-Raw $a) | $(Format-Raw $b) |"
    $a = @($fm.rounds | ForEach-Object { $_.connectJitAllThreadsMs + $_.firstSearchJitAllThreadsMs }); $b = @($fi.rounds | ForEach-Object { $_.connectJitAllThreadsMs + $_.firstSearchJitAllThreadsMs })
    Add-Line "| JIT during the first call, all threads (also PowerShell's background start-up work and re-compilation) | $(Format-Number (Get-Median $a)) | $(Format-Number (Get-Median $b)) | | $(Format-Raw $a) | $(Format-Raw $b) |"
    $a = Get-Field $fm.rounds 'launchToFirstSearchMs'; $b = Get-Field $fi.rounds 'launchToFirstSearchMs'
    Add-Line "| launch → end of the first search (everything) | $(Format-Number (Get-Median $a)) | $(Format-Number (Get-Median $b)) | $(Format-Number ((Get-Median $a) / (Get-Median $b)) 2) | $(Format-Raw $a) | $(Format-Raw $b) |"
    Add-Line
    $ratio = (Get-Median $fm.firstCall) / (Get-Median $fi.firstCall)
    $jit = Get-Median @($fm.rounds | ForEach-Object { $_.connectJitMs + $_.firstSearchJitMs })
    Add-Line "Goal: ≤ 1.0 × Invoke-RestMethod — $(Format-Ratio $ratio), $(Format-Verdict (Test-Goal $ratio -AtMost 1.0)). Of the module's $(Format-Number (Get-Median $fm.firstCall)) ms, $(Format-Number $jit) ms ($(Format-Number (100 * $jit / (Get-Median $fm.firstCall)) 0) %) is JIT compilation on the pipeline thread; the second search takes $(Format-Number (Get-FieldMedian $fm.rounds 'secondSearchMs')) ms."
    $loads = @($fm.rounds[0].connectLoaded) + @($fm.rounds[0].firstSearchLoaded) | Where-Object { $_ }
    if ($loads.Count) { Add-Line "Assemblies loaded during the module's first call (first round): $($loads -join ', ')." }
    Add-Line
}

# ------------------------------------------------------------------------------------------------ download

if ($dl) {
    $d = $cases.download
    $v = $d.variants
    Add-Line '<a id="download"></a>'
    Add-Line "## 6. Downloading the long track ($(Format-Number ($d.bytes / 1e6)) MB) to disk"
    Add-Line
    Add-Line "``$($d.trackId)``, $(Format-Number $d.bytes 0) bytes, written to a file in $($d.folder) and checked for its size. Module and Invoke-WebRequest: in the fresh process of section 5, after its first call: **cold** = the first download of that process (the download code has never run), **warm** = the second; a Stopwatch around the one command. Save-TrackyardTrack writes a temporary file, flushes it to disk and renames it; Invoke-WebRequest writes the file without flushing. **Anchor: curl, then sync of that file** = curl's own ``time_total`` (its connection included, its process start not) + the wall time of ``sync FILE`` (its process start included). Memory: the process's peak resident set is reset (``/proc/self/clear_refs``) before each download; growth = peak after − resident before."
    Add-Line
    Add-Line '| variant | cold median ms | × anchor | warm median ms | × anchor | cold growth MB | warm growth MB | raw cold ms | raw warm ms |'
    Add-Line '|---|---:|---:|---:|---:|---:|---:|---|---|'
    Add-Line "| $($v.curlSync.label) | $(Format-Number $dl.anchor 0) | 1.00 | | | $(Format-Number ((Get-Median @($v.curlSync.rounds | ForEach-Object { if ($null -ne $_.maxRssKb) { $_.maxRssKb - $_.baselineMaxRssKb } })) / 1024)) | | $(Format-Raw $dl.anchorRaw 0) | |"
    foreach ($name in 'module', 'invokeWebRequest') {
        $r = $v[$name].rounds
        $cold = Get-FieldMedian $r 'coldDownloadMs'; $warm = Get-FieldMedian $r 'warmDownloadMs'
        Add-Line "| $($v[$name].label) | $(Format-Number $cold 0) | $(Format-Number ($cold / $dl.anchor) 2) | $(Format-Number $warm 0) | $(Format-Number ($warm / $dl.anchor) 2) | $(Format-Number ((Get-FieldMedian $r 'coldDownloadGrowthKb') / 1024)) | $(Format-Number ((Get-FieldMedian $r 'warmDownloadGrowthKb') / 1024)) | $(Format-Raw (Get-Field $r 'coldDownloadMs') 0) | $(Format-Raw (Get-Field $r 'warmDownloadMs') 0) |"
    }
    Add-Line
    $curlOnly = Get-FieldMedian $v.curlSync.rounds 'timeTotalMs'
    $sync = Get-FieldMedian $v.curlSync.rounds 'syncMs'
    $syncAgain = Get-FieldMedian $v.curlSync.rounds 'syncAgainMs'
    Add-Line "The anchor's parts (medians): curl $(Format-Number $curlOnly 0) ms, then sync $(Format-Number $sync 0) ms, of which $(Format-Number $syncAgain 0) ms is starting sync (a second sync with nothing to flush). Raw curl: $(Format-Raw (Get-Field $v.curlSync.rounds 'timeTotalMs') 0); raw sync: $(Format-Raw (Get-Field $v.curlSync.rounds 'syncMs') 0)."
    $coldCpu = Get-FieldMedian $v.module.rounds 'coldDownloadProcessCpuMs'
    $warmCpu = Get-FieldMedian $v.module.rounds 'warmDownloadProcessCpuMs'
    $coldJit = Get-FieldMedian $v.module.rounds 'coldDownloadJitMs'
    $warmJit = Get-FieldMedian $v.module.rounds 'warmDownloadJitMs'
    Add-Line "Goals: warm ≤ 1.1 × — $(Format-Ratio ($dl.warm / $dl.anchor)), $(Format-Verdict (Test-Goal ($dl.warm / $dl.anchor) -AtMost 1.1)); cold ≤ 1.5 × — $(Format-Ratio ($dl.cold / $dl.anchor)), $(Format-Verdict (Test-Goal ($dl.cold / $dl.anchor) -AtMost 1.5)); peak memory growth ≤ 4 MB — cold $(Format-Number $dl.coldGrowthMb) MB, warm $(Format-Number $dl.warmGrowthMb) MB, $(Format-Verdict (Test-Goal ([Math]::Max($dl.coldGrowthMb, $dl.warmGrowthMb)) -AtMost 4)). Cold − warm = $(Format-Number ($dl.cold - $dl.warm) 0) ms; the cold download spends $(Format-Number $coldJit) ms in the JIT compiler on the pipeline thread (warm: $(Format-Number $warmJit) ms) and uses $(Format-Number $coldCpu 0) ms of the process's CPU (warm: $(Format-Number $warmCpu 0) ms)."
    Add-Line
}

# ------------------------------------------------------------------------------------------------ pacing

if ($cases.Contains('pacing')) {
    $pc = $cases.pacing
    $r = $pc.variants.module.rounds
    $minimum = [Math]::Ceiling($pc.count / $pc.limit - 1) * $pc.windowSeconds
    $tooMany = (@($r | ForEach-Object { $_.tooMany }) | Measure-Object -Sum).Sum
    $median = (Get-FieldMedian $r 'ms') / 1000
    Add-Line '<a id="pacing"></a>'
    Add-Line '## 7. Pacing under a rate limit (a check, not a speed goal)'
    Add-Line
    Add-Line "A second emulator with 2-second minutes; per round a new key limited to $($pc.limit) requests per window, ``Connect-Trackyard`` with it, a pause of one window, then $($pc.count) sequential ``Search-TrackyardTrack -RetryOnRateLimit``. Request k (from 0) cannot be accepted before ⌊k / $($pc.limit)⌋ windows, so the last one goes at $(Format-Number $minimum 1) s at the earliest."
    Add-Line
    Add-Line '| round | key suffix | s | efficiency | searches in log | 200 | 429 | warnings |'
    Add-Line '|---|---|---:|---:|---:|---:|---:|---:|'
    $i = 0
    foreach ($round in $r) {
        $i++
        Add-Line "| $i | $($round.keySuffix) | $(Format-Number ($round.ms / 1000) 2) | $(Format-Number (100 * $minimum * 1000 / $round.ms) 0) % | $($round.searches) | $($round.ok) | $($round.tooMany) | $($round.warnings) |"
    }
    Add-Line "| **median** | | **$(Format-Number $median 2)** | **$(Format-Number (100 * $minimum / $median) 0) %** | | | **$tooMany** | |"
    Add-Line
    Add-Line "No 429 in the emulator's request log: $tooMany, $(Format-Verdict ($tooMany -eq 0))."
    Add-Line
}

Set-Content -LiteralPath $ResultPath -Value $md -Encoding utf8
Write-Host "Wrote $ResultPath"
foreach ($g in $goals) { Write-Host ("  {0,-72} {1,-10} {2}" -f $g.Case, $g.Ratio, $(if ($null -eq $g.Met) { 'not measured' } elseif ($g.Met) { 'met' } else { 'MISSED' })) }
