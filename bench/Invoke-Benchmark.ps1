<#
.SYNOPSIS
Benchmarks the Trackyard module against what users would use instead (issue 7) and writes bench/results.md.

.DESCRIPTION
Starts two emulators on 127.0.0.1 (one normal, one with 2-second "minutes" for the pacing case), runs every case
side by side (variants interleaved within each repetition), one warm-up and then -Repetitions measured rounds, and
writes the machine, the versions, every raw figure, the medians, the ratios and the goals to -ResultPath.
Run it through the build: `dotnet pwsh ./build.ps1 -Task Bench` (builds first). See bench/README.md.
#>
[CmdletBinding()]
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/Trackyard/Trackyard.psd1'),
    [string] $EmulatorDll = (Join-Path $PSScriptRoot '../out/Emulator/Trackyard.Emulator.dll'),
    [string] $ResultPath = (Join-Path $PSScriptRoot 'results.md'),
    [ValidateRange(5, 50)] [int] $Repetitions = 5,
    [ValidateRange(10, 100000)] [int] $Searches = 1000
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$ProgressPreference = 'SilentlyContinue'
$env:NO_COLOR = '1'
if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }

$total = [Diagnostics.Stopwatch]::StartNew()
$root = (Resolve-Path -LiteralPath (Join-Path $PSScriptRoot '..')).ProviderPath
$ModulePath = (Resolve-Path -LiteralPath $ModulePath).ProviderPath
$EmulatorDll = (Resolve-Path -LiteralPath $EmulatorDll).ProviderPath
$freshScript = Join-Path $PSScriptRoot 'FreshProcess.ps1'
$key = 'trackyard_test_unlimited'
$query = 'upbeat electronic'          # 20 results: one full default page
$pageQuery = 'calm piano'             # more than 1,000 results: 10 full pages of 100
$longTrack = 'LongTrackForBenchmarks00001'
$workDir = Join-Path ([IO.Path]::GetTempPath()) ('trackyard-bench-' + [guid]::NewGuid().ToString('n'))
New-Item -ItemType Directory -Path $workDir | Out-Null

# Measure a private copy of the built module and emulator, so that a build started meanwhile (another task, an
# editor) cannot replace the binaries halfway through the run.
$snapshot = Join-Path $workDir 'bin'
Copy-Item -LiteralPath (Split-Path $ModulePath) -Destination (Join-Path $snapshot 'Trackyard') -Recurse
Copy-Item -LiteralPath (Split-Path $EmulatorDll) -Destination (Join-Path $snapshot 'Emulator') -Recurse
$ModulePath = Join-Path $snapshot (Join-Path 'Trackyard' (Split-Path -Leaf $ModulePath))
$EmulatorDll = Join-Path $snapshot (Join-Path 'Emulator' (Split-Path -Leaf $EmulatorDll))

# A fresh pwsh exactly as `dotnet pwsh` runs it (the tool host is `dotnet <PSHOME>/pwsh.dll`), without the
# tool-manifest lookup each time. Everything a fresh process reports is measured inside it.
$pwshExe = [Environment]::ProcessPath
$pwshPrefix = if ([IO.Path]::GetFileNameWithoutExtension($pwshExe) -eq 'dotnet') { @(Join-Path $PSHOME 'pwsh.dll') } else { @() }

$loads = [System.Collections.Generic.List[string]]::new()
function Get-Load { ((Get-Content /proc/loadavg) -split ' ')[0] }
function Write-Step([string] $Text) {
    $loads.Add("$(Get-Load) ($($Text -replace ':.*', ''))")
    Write-Host ("[{0,5:0.0} s] {1} (load {2})" -f $total.Elapsed.TotalSeconds, $Text, (Get-Load))
}

function Get-Median([double[]] $Values) {
    $sorted = [double[]]($Values | Sort-Object)
    $n = $sorted.Count
    if ($n % 2) { $sorted[($n - 1) / 2] } else { ($sorted[$n / 2 - 1] + $sorted[$n / 2]) / 2 }
}

function Get-Percentile([double[]] $Values, [double] $P) {
    $sorted = [double[]]($Values | Sort-Object)
    $sorted[[Math]::Min($sorted.Count - 1, [int][Math]::Ceiling($P / 100 * $sorted.Count) - 1)]
}

function Invoke-Fresh([string] $Mode, [hashtable] $Arguments) {
    $argumentList = @($pwshPrefix) + @('-NoProfile', '-NonInteractive', '-File', $freshScript, '-Mode', $Mode)
    foreach ($name in $Arguments.Keys) { $argumentList += "-$name"; $argumentList += [string]$Arguments[$name] }
    $output = & $pwshExe @argumentList 2>&1 | ForEach-Object { "$_" }
    if ($LASTEXITCODE -ne 0) { throw "FreshProcess.ps1 -Mode $Mode failed ($LASTEXITCODE): $($output -join "`n")" }
    $json = $output | Where-Object { $_.StartsWith('{') } | Select-Object -Last 1
    if (-not $json) { throw "FreshProcess.ps1 -Mode $Mode printed no result: $($output -join "`n")" }
    $json | ConvertFrom-Json
}

# Runs every variant once as a warm-up, then $Repetitions rounds in which each variant runs once, in turn.
# A variant is a script block returning one number or a hashtable of numbers (its own figures).
function Invoke-SideBySide([System.Collections.Specialized.OrderedDictionary] $Variants, [scriptblock] $WarmUp) {
    $figures = [ordered]@{}
    foreach ($name in $Variants.Keys) {
        $figures[$name] = [System.Collections.Generic.List[object]]::new()
        if ($WarmUp) { $null = & $WarmUp $name } else { $null = & $Variants[$name] }
    }
    for ($round = 1; $round -le $Repetitions; $round++) {
        foreach ($name in $Variants.Keys) { $figures[$name].Add((& $Variants[$name])) }
    }
    $figures
}

# For the long sequential loops: each round runs every variant in $Chunks slices of $Count / $Chunks calls, taking
# turns slice by slice, and adds up each variant's slices. A burst of load from elsewhere then hits every variant
# alike instead of whichever happened to be running. A variant is a script block taking the number of calls.
function Invoke-Interleaved([System.Collections.Specialized.OrderedDictionary] $Variants, [int] $Count, [int] $Chunks, [int] $WarmUpCount) {
    $figures = [ordered]@{}
    foreach ($name in $Variants.Keys) {
        $figures[$name] = [System.Collections.Generic.List[object]]::new()
        $null = & $Variants[$name] $WarmUpCount
    }
    $slice = [int]($Count / $Chunks)
    for ($round = 1; $round -le $Repetitions; $round++) {
        $sums = @{}
        foreach ($name in $Variants.Keys) { $sums[$name] = 0.0 }
        for ($chunk = 0; $chunk -lt $Chunks; $chunk++) {
            foreach ($name in $Variants.Keys) { $sums[$name] += [double](& $Variants[$name] $slice) }
        }
        foreach ($name in $Variants.Keys) { $figures[$name].Add($sums[$name]) }
    }
    $figures
}

function Format-Number([double] $Value, [int] $Digits = 1) { $Value.ToString("N$Digits", [Globalization.CultureInfo]::InvariantCulture) }
function Format-Raw([object[]] $Values, [int] $Digits = 1) { ($Values | ForEach-Object { Format-Number $_ $Digits }) -join ' · ' }
function Format-Goal([bool] $Met) { if ($Met) { '**met**' } else { '**missed**' } }

function Get-ProcessCpuMs([Diagnostics.Process] $Process) { $Process.Refresh(); $Process.TotalProcessorTime.TotalMilliseconds }

Import-Module (Join-Path $root 'tools/Emulator.psm1') -Force
Write-Step 'Compiling the raw-client helpers (Add-Type)'
Add-Type -Path (Join-Path $PSScriptRoot 'BenchHelpers.cs')
Import-Module -Assembly ([TrackyardBench.InvokeBenchNoopCommand].Assembly)

$emulator = $null
$paced = $null
$md = [System.Collections.Generic.List[string]]::new()
$goals = [System.Collections.Generic.List[object]]::new()
try {
    Write-Step 'Starting the emulators'
    $emulator = Start-TrackyardEmulator -EmulatorDll $EmulatorDll
    $paced = Start-TrackyardEmulator -EmulatorDll $EmulatorDll -ArgumentList @('--minute-seconds', '2')
    $api = $emulator.ApiUri
    if ($api -notmatch '^http://127\.0\.0\.1:') { throw "The emulator is not on 127.0.0.1: $api" }

    Import-Module $ModulePath -Force
    $connection = Connect-Trackyard -ApiKey (ConvertTo-SecureString $key -AsPlainText -Force) -BaseUri $api -PassThru
    $moduleVersion = (Get-Module Trackyard).Version.ToString()
    $prerelease = (Get-Module Trackyard).PrivateData.PSData['Prerelease']
    if ($prerelease) { $moduleVersion += "-$prerelease" }

    # The module's own User-Agent, read from the emulator's log, so Invoke-RestMethod and the raw client send the same headers.
    $null = Search-TrackyardTrack $query
    $userAgent = (Get-TrackyardEmulatorRequest $emulator | Select-Object -Last 1).user_agent
    $searchUrl = "$api/search"
    $searchBody = @{ query = $query; limit = 20; offset = 0 } | ConvertTo-Json -Compress
    $headers = @{ Authorization = "Bearer $key"; Accept = 'application/json' }
    $contentType = 'application/json; charset=utf-8'
    $raw = [TrackyardBench.RawClient]::new($key, $userAgent)

    # Sanity: every contender gets the same 20 tracks.
    $check = @(Search-TrackyardTrack $query)
    $checkIrm = Invoke-RestMethod -Method Post -Uri $searchUrl -Headers $headers -UserAgent $userAgent -Body $searchBody -ContentType $contentType
    if ($check.Count -ne 20 -or @($checkIrm.tracks).Count -ne 20 -or $check[0].Id -ne $checkIrm.tracks[0].id) { throw 'The contenders do not get the same 20 tracks.' }

    # ---------------------------------------------------------------- 1. Import and first call (fresh processes)
    Write-Step "Case 1: Import-Module and the first call, $Repetitions+1 fresh processes per variant"
    $fresh = @{ ApiUri = $api; Key = $key; ModulePath = $ModulePath; Query = $query; UserAgent = $userAgent }
    $case1 = Invoke-SideBySide ([ordered]@{
            'Trackyard module' = { Invoke-Fresh Import $fresh }
            'Trackyard module after an empty import' = { Invoke-Fresh ImportWarm $fresh }
            'Invoke-RestMethod' = { Invoke-Fresh IrmFirst $fresh }
        })
    $import = [double[]]($case1['Trackyard module'] | ForEach-Object ImportMs)
    $importMedian = Get-Median $import
    $goals.Add([pscustomobject]@{ Goal = 'Import-Module ≤ 50 ms'; Measured = "$(Format-Number $importMedian) ms"; Met = $importMedian -le 50 })

    # ---------------------------------------------------------------- 2. 1,000 sequential searches
    $n = $Searches
    $chunks = 10
    Write-Step "Case 2: $n sequential searches × 6 variants × ($Repetitions + warm-up), in $chunks interleaved slices per round"
    $emulatorCpu = @{ Ms = 0.0; Calls = 0 }   # the emulator's CPU time over all raw-floor slices (10 ms ticks, so summed)
    $case2 = Invoke-Interleaved -Count $n -Chunks $chunks -WarmUpCount 200 -Variants ([ordered]@{
            'Raw HttpClient (C#): send, read the body' = {
                param([int] $Calls)
                $cpu = Get-ProcessCpuMs $emulator.Process
                $ms = $raw.Loop('POST', $searchUrl, $searchBody, $Calls)
                $emulatorCpu.Ms += (Get-ProcessCpuMs $emulator.Process) - $cpu
                $emulatorCpu.Calls += $Calls
                $ms
            }
            'Raw HttpClient (C#) + System.Text.Json to typed tracks' = { param([int] $Calls) $count = 0L; $raw.SearchTyped($searchUrl, $query, 20, 1, $Calls, [ref]$count) }
            'Module HTTP layer from C# (no PowerShell)' = { param([int] $Calls) [TrackyardBench.ModuleLayer]::Search($connection, $query, $Calls) }
            'PowerShell floor: a no-op compiled cmdlet writing 20 objects' = {
                param([int] $Calls)
                $watch = [Diagnostics.Stopwatch]::StartNew()
                for ($i = 0; $i -lt $Calls; $i++) { $null = Invoke-BenchNoop $query }
                $watch.Elapsed.TotalMilliseconds
            }
            'Search-TrackyardTrack' = {
                param([int] $Calls)
                $watch = [Diagnostics.Stopwatch]::StartNew()
                for ($i = 0; $i -lt $Calls; $i++) { $null = Search-TrackyardTrack $query }
                $watch.Elapsed.TotalMilliseconds
            }
            'Invoke-RestMethod (same body and headers)' = {
                param([int] $Calls)
                $watch = [Diagnostics.Stopwatch]::StartNew()
                for ($i = 0; $i -lt $Calls; $i++) {
                    $null = Invoke-RestMethod -Method Post -Uri $searchUrl -Headers $headers -UserAgent $userAgent -Body $searchBody -ContentType $contentType
                }
                $watch.Elapsed.TotalMilliseconds
            }
        })
    $perCall = [ordered]@{}
    foreach ($name in $case2.Keys) { $perCall[$name] = (Get-Median ([double[]]$case2[$name])) / $n }
    $floor = $perCall['Raw HttpClient (C#): send, read the body']
    $modulePerCall = $perCall['Search-TrackyardTrack']
    $irmPerCall = $perCall['Invoke-RestMethod (same body and headers)']
    $goals.Add([pscustomobject]@{ Goal = 'Search-TrackyardTrack per call ≤ 1.25 × raw HttpClient'; Measured = "$(Format-Number ($modulePerCall / $floor) 2) × ($(Format-Number ($modulePerCall * 1000) 0) µs vs $(Format-Number ($floor * 1000) 0) µs)"; Met = $modulePerCall -le 1.25 * $floor })
    $goals.Add([pscustomobject]@{ Goal = 'Search-TrackyardTrack per call ≤ 0.5 × Invoke-RestMethod'; Measured = "$(Format-Number ($modulePerCall / $irmPerCall) 2) × ($(Format-Number ($modulePerCall * 1000) 0) µs vs $(Format-Number ($irmPerCall * 1000) 0) µs)"; Met = $modulePerCall -le 0.5 * $irmPerCall })

    # ---------------------------------------------------------------- 3. -First 1000: 10 pages of 100
    $inner = 5
    Write-Step "Case 3: 1,000 tracks in 10 pages of 100, $inner per figure × 3 variants × ($Repetitions + warm-up)"
    $case3 = Invoke-SideBySide ([ordered]@{
            'Raw HttpClient (C#) + System.Text.Json' = {
                $count = 0L
                $ms = $raw.SearchTyped($searchUrl, $pageQuery, 100, 10, $inner, [ref]$count)
                if ($count -ne 1000 * $inner) { throw "raw: $count tracks" }
                $ms / $inner
            }
            'Search-TrackyardTrack -First 1000' = {
                $watch = [Diagnostics.Stopwatch]::StartNew()
                for ($j = 0; $j -lt $inner; $j++) {
                    $tracks = @(Search-TrackyardTrack $pageQuery -First 1000)
                    if ($tracks.Count -ne 1000) { throw "module: $($tracks.Count) tracks" }
                }
                $watch.Elapsed.TotalMilliseconds / $inner
            }
            'Invoke-RestMethod, 10 pages' = {
                $watch = [Diagnostics.Stopwatch]::StartNew()
                for ($j = 0; $j -lt $inner; $j++) {
                    $tracks = [System.Collections.Generic.List[object]]::new()
                    for ($offset = 0; $offset -lt 1000; $offset += 100) {
                        $body = @{ query = $pageQuery; limit = 100; offset = $offset } | ConvertTo-Json -Compress
                        $page = Invoke-RestMethod -Method Post -Uri $searchUrl -Headers $headers -UserAgent $userAgent -Body $body -ContentType $contentType
                        $tracks.AddRange([object[]]$page.tracks)
                    }
                    if ($tracks.Count -ne 1000) { throw "irm: $($tracks.Count) tracks" }
                }
                $watch.Elapsed.TotalMilliseconds / $inner
            }
        })

    # ---------------------------------------------------------------- 5. 8 runspaces × 200 searches
    $runspaces = 8; $each = 200
    Write-Step "Case 5: $runspaces runspaces × $each searches (ForEach-Object -Parallel -ThrottleLimit $runspaces) × 2 variants × ($Repetitions + warm-up)"
    $parallelModule = {
        param([int] $Count)
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $outcome = 1..$runspaces | ForEach-Object -ThrottleLimit $runspaces -Parallel {
            Import-Module $using:ModulePath
            $ok = 0; $errors = 0; $tracks = 0
            for ($i = 0; $i -lt $using:Count; $i++) {
                try { $tracks += @(Search-TrackyardTrack $using:query -ErrorAction Stop).Count; $ok++ } catch { $errors++ }
            }
            [pscustomobject]@{ Ok = $ok; Errors = $errors; Tracks = $tracks }
        }
        $ms = $watch.Elapsed.TotalMilliseconds
        @{ Ms = $ms; Errors = ($outcome | Measure-Object Errors -Sum).Sum; Ok = ($outcome | Measure-Object Ok -Sum).Sum; Tracks = ($outcome | Measure-Object Tracks -Sum).Sum }
    }
    $parallelIrm = {
        param([int] $Count)
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $outcome = 1..$runspaces | ForEach-Object -ThrottleLimit $runspaces -Parallel {
            $ok = 0; $errors = 0; $tracks = 0
            for ($i = 0; $i -lt $using:Count; $i++) {
                try {
                    $page = Invoke-RestMethod -Method Post -Uri $using:searchUrl -Headers $using:headers -UserAgent $using:userAgent -Body $using:searchBody -ContentType $using:contentType
                    $tracks += @($page.tracks).Count; $ok++
                }
                catch { $errors++ }
            }
            [pscustomobject]@{ Ok = $ok; Errors = $errors; Tracks = $tracks }
        }
        $ms = $watch.Elapsed.TotalMilliseconds
        @{ Ms = $ms; Errors = ($outcome | Measure-Object Errors -Sum).Sum; Ok = ($outcome | Measure-Object Ok -Sum).Sum; Tracks = ($outcome | Measure-Object Tracks -Sum).Sum }
    }
    $case5 = Invoke-SideBySide ([ordered]@{
            'Search-TrackyardTrack' = { & $parallelModule $each }
            'Invoke-RestMethod' = { & $parallelIrm $each }
        }) -WarmUp { param($name) if ($name -eq 'Search-TrackyardTrack') { & $parallelModule 20 } else { & $parallelIrm 20 } }

    # ---------------------------------------------------------------- 4. The long track to disk (fresh processes)
    Write-Step "Case 4: downloading $longTrack, 3 variants × ($Repetitions + warm-up) fresh processes"
    $timeTool = Get-Command /usr/bin/time -ErrorAction SilentlyContinue
    $downloadFile = Join-Path $workDir 'long.mp3'
    $curlArgs = @('-sS', '-H', "Authorization: Bearer $key", '-H', 'Accept: application/json', '-A', $userAgent)
    $curlRun = {
        param([string[]] $Arguments)
        if ($timeTool) { $lines = & /usr/bin/time -f 'maxrss_kb=%M' curl @Arguments 2>&1 | ForEach-Object { "$_" } }
        else { $lines = & curl @Arguments 2>&1 | ForEach-Object { "$_" } }
        if ($LASTEXITCODE -ne 0) { throw "curl failed: $($lines -join ' ')" }
        $figures = @{ MaxRssKb = [double]::NaN; Seconds = [double]::NaN }
        foreach ($line in $lines) {
            if ($line -match 'maxrss_kb=(\d+)') { $figures.MaxRssKb = [double]$Matches[1] }
            if ($line -match 'time_total=([\d.]+)') { $figures.Seconds = [double]::Parse($Matches[1], [Globalization.CultureInfo]::InvariantCulture) }
        }
        $figures
    }
    $downloadBody = @{ track_id = $longTrack } | ConvertTo-Json -Compress
    $expectedBytes = 57600208
    $case4 = Invoke-SideBySide ([ordered]@{
            'curl -o' = {
                # Baseline: the same curl, same headers, fetching the small GET /me to /dev/null.
                $small = & $curlRun (@($curlArgs) + @('-o', '/dev/null', '-w', 'time_total=%{time_total}\n', "$api/me"))
                $big = & $curlRun (@($curlArgs) + @('-X', 'POST', '-H', 'Content-Type: application/json', '--data', $downloadBody, '-o', $downloadFile, '-w', 'time_total=%{time_total}\n', "$api/download-track"))
                $bytes = (Get-Item -LiteralPath $downloadFile).Length
                $fsync = [TrackyardBench.Disk]::FsyncMilliseconds($downloadFile)
                Remove-Item -LiteralPath $downloadFile
                if ($bytes -ne $expectedBytes) { throw "curl wrote $bytes bytes" }
                @{ Ms = $big.Seconds * 1000; GrowthKb = $big.MaxRssKb - $small.MaxRssKb; PeakKb = $big.MaxRssKb; BaselineKb = $small.MaxRssKb; FsyncMs = $fsync }
            }
            'Save-TrackyardTrack' = {
                $r = Invoke-Fresh Save @{ ApiUri = $api; Key = $key; ModulePath = $ModulePath; TrackId = $longTrack; OutFile = $downloadFile }
                Remove-Item -LiteralPath $downloadFile
                if ($r.Bytes -ne $expectedBytes) { throw "Save-TrackyardTrack wrote $($r.Bytes) bytes" }
                if (-not $r.PeakReset) { throw 'Could not reset the peak working set (/proc/self/clear_refs).' }
                @{ Ms = $r.Ms; GrowthKb = $r.PeakKb - $r.BaselineKb; PeakKb = $r.PeakKb; BaselineKb = $r.BaselineKb; WarmMs = $r.WarmMs }
            }
            'Invoke-WebRequest -OutFile' = {
                $r = Invoke-Fresh WebRequest @{ ApiUri = $api; Key = $key; TrackId = $longTrack; OutFile = $downloadFile; UserAgent = $userAgent }
                Remove-Item -LiteralPath $downloadFile
                if ($r.Bytes -ne $expectedBytes) { throw "Invoke-WebRequest wrote $($r.Bytes) bytes" }
                if (-not $r.PeakReset) { throw 'Could not reset the peak working set (/proc/self/clear_refs).' }
                @{ Ms = $r.Ms; GrowthKb = $r.PeakKb - $r.BaselineKb; PeakKb = $r.PeakKb; BaselineKb = $r.BaselineKb; WarmMs = $r.WarmMs }
            }
        })
    $dl = [ordered]@{}
    foreach ($name in $case4.Keys) {
        $dl[$name] = @{
            Ms = Get-Median ([double[]]($case4[$name] | ForEach-Object { $_.Ms }))
            GrowthMb = (Get-Median ([double[]]($case4[$name] | ForEach-Object { $_.GrowthKb }))) / 1024
        }
    }
    $saveGrowth = $dl['Save-TrackyardTrack'].GrowthMb
    $saveVsCurl = $dl['Save-TrackyardTrack'].Ms / $dl['curl -o'].Ms
    $goals.Add([pscustomobject]@{ Goal = 'Save-TrackyardTrack peak memory growth ≤ 16 MB'; Measured = "$(Format-Number $saveGrowth) MB"; Met = $saveGrowth -le 16 })
    $goals.Add([pscustomobject]@{ Goal = 'Save-TrackyardTrack time ≤ 1.2 × curl'; Measured = "$(Format-Number $saveVsCurl 2) × ($(Format-Number $dl['Save-TrackyardTrack'].Ms 0) ms vs $(Format-Number $dl['curl -o'].Ms 0) ms)"; Met = $saveVsCurl -le 1.2 })

    # ---------------------------------------------------------------- 6. Pacing efficiency (issue 4)
    $paceN = 25; $paceLimit = 5; $paceWindow = 2.0
    $paceMinimum = [Math]::Ceiling($paceN / $paceLimit - 1) * $paceWindow
    Write-Step "Case 6: $paceN searches on a key limited to $paceLimit per $paceWindow s window, -RetryOnRateLimit, $Repetitions runs + warm-up"
    $pacedKeys = [System.Collections.Generic.List[string]]::new()
    $paceRun = {
        param([int] $Count, [string] $Key)
        Add-TrackyardEmulatorKey -Emulator $paced -Key $Key -Tier free -Credits $null -PerMinute $paceLimit -PerDay $null
        $c = Connect-Trackyard -ApiKey (ConvertTo-SecureString $Key -AsPlainText -Force) -BaseUri $paced.ApiUri -PassThru
        Start-Sleep -Milliseconds ([int]($paceWindow * 1000 + 200))   # let Connect's GET /me leave the window
        $warnings = $null
        $watch = [Diagnostics.Stopwatch]::StartNew()
        for ($i = 0; $i -lt $Count; $i++) {
            $null = Search-TrackyardTrack $query -Connection $c -RetryOnRateLimit -WarningVariable +warnings -WarningAction SilentlyContinue
        }
        $ms = $watch.Elapsed.TotalMilliseconds
        $c.Dispose()
        @{ Ms = $ms; Warnings = @($warnings).Count }
    }
    $script:paceRound = 0
    $case6 = Invoke-SideBySide ([ordered]@{
            'Search-TrackyardTrack -RetryOnRateLimit' = {
                $script:paceRound++
                $k = 'bench_pacing_key_{0:d4}' -f $script:paceRound
                $pacedKeys.Add($k)
                & $paceRun $paceN $k
            }
        }) -WarmUp { param($name) & $paceRun ($paceLimit + 1) 'bench_pacing_warmup_zz99' }
    $pacedLog = @(Get-TrackyardEmulatorRequest $paced)
    $suffixes = $pacedKeys | ForEach-Object { $_.Substring($_.Length - 4) }
    $pacedTotals = foreach ($suffix in $suffixes) {
        $entries = @($pacedLog | Where-Object { $_.key_suffix -eq $suffix -and $_.path -eq '/search' })
        [pscustomobject]@{ Suffix = $suffix; Searches = $entries.Count; TooMany = @($entries | Where-Object status -EQ 429).Count; Ok = @($entries | Where-Object status -EQ 200).Count }
    }
    $pace429 = ($pacedTotals | Measure-Object TooMany -Sum).Sum
    $paceMedian = (Get-Median ([double[]]($case6['Search-TrackyardTrack -RetryOnRateLimit'] | ForEach-Object { $_.Ms }))) / 1000
    $goals.Add([pscustomobject]@{ Goal = "Pacing: no 429 in the emulator's log ($paceN searches × $Repetitions runs)"; Measured = "$pace429 × 429"; Met = $pace429 -eq 0 })

    # ---------------------------------------------------------------- Emulator server time
    Write-Step 'Emulator server time: GET /me and a 20-track POST /search'
    $serverKey = 'bench_server_time_key_0001'
    Add-TrackyardEmulatorKey -Emulator $emulator -Key $serverKey -Tier pro -Credits $null -PerMinute $null -PerDay $null
    $serverClient = [TrackyardBench.RawClient]::new($serverKey, $userAgent)
    $serverN = 300
    $null = $serverClient.Loop('GET', "$api/me", $null, 50)
    $null = $serverClient.Loop('POST', $searchUrl, $searchBody, 50)
    $meClientMs = $serverClient.Loop('GET', "$api/me", $null, $serverN) / $serverN
    $searchClientMs = $serverClient.Loop('POST', $searchUrl, $searchBody, $serverN) / $serverN
    $serverClient.Dispose()
    $usage = [System.Collections.Generic.List[object]]::new()
    $serverHeaders = @{ Authorization = "Bearer $serverKey"; Accept = 'application/json' }
    for ($offset = 0; $offset -lt 2 * $serverN; $offset += 100) {
        $page = Invoke-RestMethod -Uri "$api/usage?limit=100&offset=$offset" -Headers $serverHeaders
        $usage.AddRange([object[]]$page.usage)
    }
    $serverTimes = [ordered]@{}
    foreach ($endpoint in '/me', '/search') {
        $values = [double[]]($usage | Where-Object endpoint -EQ $endpoint | ForEach-Object response_time_ms)
        $serverTimes[$endpoint] = @{
            Count = $values.Count; Median = Get-Median $values; P99 = Get-Percentile $values 99
            Max = ($values | Measure-Object -Maximum).Maximum; Zero = @($values | Where-Object { $_ -eq 0 }).Count
        }
    }
    $info = Invoke-RestMethod "$($emulator.BaseUri)/_emulator/info"
    $engineResults = 0
    $engineUs = [TrackyardBench.EmulatorEngine]::MicrosecondsPerSearch($EmulatorDll, [int]$info.seed, [int]$info.catalog_size, $searchBody, 5000, [ref]$engineResults)
    $emulatorCpuPerCall = $emulatorCpu.Ms / [Math]::Max(1, $emulatorCpu.Calls)
    $raw.Dispose()

    # ---------------------------------------------------------------- Machine and versions
    $cpuModel = (Get-Content /proc/cpuinfo | Where-Object { $_ -like 'model name*' } | Select-Object -First 1) -replace '^model name\s*:\s*', ''
    $memKb = [long](((Get-Content /proc/meminfo | Where-Object { $_ -like 'MemTotal:*' }) -split '\s+')[1])
    $os = ((Get-Content /etc/os-release | Where-Object { $_ -like 'PRETTY_NAME=*' }) -replace '^PRETTY_NAME=', '').Trim('"')
    $kernel = (& uname -r)
    $sdk = (& dotnet --version)
    $curlVersion = ((& curl --version) | Select-Object -First 1) -replace '^(curl \S+).*', '$1'
    $commit = (& git -C $root rev-parse --short HEAD 2>$null)
    $dirty = if (& git -C $root status --porcelain --untracked-files=no 2>$null) { ' (with uncommitted changes)' } else { '' }

    # ---------------------------------------------------------------- results.md
    $duration = $total.Elapsed.TotalSeconds
    $md.Add('# Benchmark results')
    $md.Add('')
    $md.Add("Written by ``dotnet pwsh ./build.ps1 -Task Bench`` (bench/Invoke-Benchmark.ps1) on $([DateTime]::UtcNow.ToString('yyyy-MM-dd HH:mm')) UTC; the whole benchmark took $(Format-Number $duration 0) s. ")
    $md.Add("Every case runs its variants side by side: one warm-up of each, then $Repetitions rounds in which each variant runs once in turn (case 2 takes turns in slices of $($Searches / 10) calls, so that load from elsewhere hits every variant alike). ")
    $md.Add('Figures are medians of the rounds; every raw figure is listed (in round order). All traffic is on 127.0.0.1 to the emulator (key `trackyard_test_unlimited` unless said otherwise), which shares the 2 cores with the client. See [README.md](README.md) for what each case measures.')
    $md.Add('')
    $md.Add("Load average (1 min) of the machine when each step began: $($loads -join '; ').")
    $md.Add('')
    $md.Add('| machine | |')
    $md.Add('|---|---|')
    $md.Add("| CPU | $cpuModel |")
    $md.Add("| cores | $([Environment]::ProcessorCount) |")
    $md.Add("| memory | $(Format-Number ($memKb / 1024 / 1024) 1) GiB |")
    $md.Add("| OS | $os (kernel $kernel) |")
    $md.Add("| .NET | $([Runtime.InteropServices.RuntimeInformation]::FrameworkDescription) (SDK $sdk), GC $(if ([Runtime.GCSettings]::IsServerGC) { 'server' } else { 'workstation' }) |")
    $md.Add("| PowerShell | $($PSVersionTable.PSVersion) |")
    $md.Add("| module | Trackyard $moduleVersion, commit $commit$dirty |")
    $md.Add("| curl | $curlVersion |")
    $md.Add('')

    $md.Add('## Goals')
    $md.Add('')
    $md.Add('| goal | measured (median) | |')
    $md.Add('|---|---|---|')
    foreach ($goal in $goals) { $md.Add("| $($goal.Goal) | $($goal.Measured) | $(Format-Goal $goal.Met) |") }
    $md.Add('')

    # ---- Why the missed goals are missed (figures from this run; the reasoning from profiling, see bench/README.md)
    $importWarm = Get-Median ([double[]]($case1['Trackyard module after an empty import'] | ForEach-Object ImportMs))
    $importEmpty = Get-Median ([double[]]($case1['Trackyard module after an empty import'] | ForEach-Object EmptyImportMs))
    $layer = $perCall['Module HTTP layer from C# (no PowerShell)']
    $noop = $perCall['PowerShell floor: a no-op compiled cmdlet writing 20 objects']
    $typedFloor = $perCall['Raw HttpClient (C#) + System.Text.Json to typed tracks']
    $fsyncMedian = Get-Median ([double[]]($case4['curl -o'] | ForEach-Object { $_.FsyncMs }))
    $saveWarm = Get-Median ([double[]]($case4['Save-TrackyardTrack'] | ForEach-Object { $_.WarmMs }))
    $iwrWarm = Get-Median ([double[]]($case4['Invoke-WebRequest -OutFile'] | ForEach-Object { $_.WarmMs }))
    $curlFsync = Get-Median ([double[]]($case4['curl -o'] | ForEach-Object { $_.Ms + $_.FsyncMs }))
    $md.Add('## Missed goals: why, and what would fix it')
    $md.Add('')
    if ($importMedian -gt 50) {
        $md.Add("- **Import-Module ≤ 50 ms** ($(Format-Number $importMedian) ms as a fresh session's first import). Most of it is PowerShell's own cost of the first import in a session, whatever the module: an empty ``.psm1`` imported first takes $(Format-Number $importEmpty) ms, after which Import-Module Trackyard takes $(Format-Number $importWarm) ms ($(if ($importWarm -le 50) { 'within' } else { 'over' }) the goal). The module's share is loading Trackyard.dll, reflecting over its cmdlets and reading the format file; Polly and the other dependencies load only at the first call (System.Text.Json is PowerShell's own copy, already loaded). Nothing in the module can remove PowerShell's share; a ReadyToRun (precompiled) build of Trackyard.dll for the supported runtimes would shorten both the import and the first call (case 1: Connect-Trackyard is mostly JIT), and belongs with packaging (issue 6).")
    }
    if ($modulePerCall -gt 1.25 * $floor) {
        $md.Add("- **Per call ≤ 1.25 × raw HttpClient** ($(Format-Number ($modulePerCall / $floor) 2) ×: $(Format-Number ($modulePerCall * 1000) 0) µs vs $(Format-Number ($floor * 1000) 0) µs). On loopback the floor is a fraction of a millisecond, so 1.25 × leaves $(Format-Number ($floor * 250) 0) µs for everything a cmdlet must do beyond sending bytes; turning the JSON into typed objects alone costs $(if ($typedFloor -gt $floor) { "$(Format-Number (($typedFloor - $floor) * 1000) 0) µs" } else { 'too little to tell apart from the noise of this run' }) in the raw client. The split above: the module's HTTP layer adds $(Format-Number (($layer - $typedFloor) * 1000) 0) µs over the raw typed client (a timeout CancellationTokenSource with its timer and a linked source per request, the Polly context, the key decoded from its SecureString per request, an 80 KB read buffer plus a MemoryStream copy per response, verbose strings formatted even when nobody listens); PowerShell's own binding and 20 × WriteObject cost $(Format-Number ($noop * 1000) 0) µs; the cmdlet's own machinery $(Format-Number (($modulePerCall - $layer - $noop) * 1000) 0) µs (the call runs on a worker thread via Task.Run while the pipeline thread pumps a BlockingCollection, and every verbose line — two per request, even with verbose off — wakes the pipeline thread). What would fix it: let the observer drop verbose/debug lines when those streams are off (checked once per invocation on the pipeline thread); start the call on the pipeline thread instead of Task.Run; read bodies with a known Content-Length into one exact-size array; one timer per call rather than per attempt. The overhead over the floor, $(Format-Number (($modulePerCall - $floor) * 1000) 0) µs per call, is small next to a request to the real service over the internet (tens of milliseconds); the goal users feel, ≤ 0.5 × Invoke-RestMethod, is $(if ($modulePerCall -le 0.5 * $irmPerCall) { 'met' } else { 'missed' }) ($(Format-Number ($modulePerCall / $irmPerCall) 2) ×).")
    }
    if ($saveVsCurl -gt 1.2) {
        $md.Add("- **Download time ≤ 1.2 × curl** ($(Format-Number $saveVsCurl 2) ×: $(Format-Number $dl['Save-TrackyardTrack'].Ms 0) ms vs $(Format-Number $dl['curl -o'].Ms 0) ms). Two causes. (1) Durability: Save-TrackyardTrack writes a temporary file, flushes it to disk (fsync) and renames it, so a crash never leaves a half-written track under the real name; fsync of the same 57.6 MB costs $(Format-Number $fsyncMedian 0) ms here, and curl plus that fsync takes $(Format-Number $curlFsync 0) ms. (2) First-call JIT: in a fresh process the whole download path (HTTP layer, file writer, async copy loop) is compiled on first use; a second download in the same process takes $(Format-Number $saveWarm 0) ms (Invoke-WebRequest: $(Format-Number $iwrWarm 0) ms). What would fix it: an option to skip the fsync (keeping the atomic rename) would bring the warm time near curl's; ReadyToRun would cut the JIT share. Memory is not the problem: peak growth is $(Format-Number $saveGrowth 1) MB (the body is streamed in 80 KB chunks).")
    }
    if ($pace429 -gt 0) {
        $md.Add("- **No 429 while pacing**: $pace429 responses were 429; see the table in case 6 for the rounds.")
    }
    if ($md[$md.Count - 1] -eq '## Missed goals: why, and what would fix it') { $md.Add('None: every goal is met.') }
    $md.Add('')

    $md.Add('## 1. Import-Module and the first call, in a fresh pwsh')
    $md.Add('')
    $md.Add('Each figure is one fresh `pwsh -NoProfile` process, measured inside it with a Stopwatch. "Connect" is `Connect-Trackyard` (it sends GET /me) or, for Invoke-RestMethod, the same GET /me.')
    $md.Add('')
    $md.Add('| variant | step | median ms | raw ms |')
    $md.Add('|---|---|---:|---|')
    foreach ($name in $case1.Keys) {
        foreach ($step in 'EmptyImportMs', 'ImportMs', 'ConnectMs', 'FirstSearchMs', 'SecondSearchMs') {
            if (-not $case1[$name][0].PSObject.Properties[$step]) { continue }
            $values = [double[]]($case1[$name] | ForEach-Object { $_.$step })
            $label = @{ EmptyImportMs = 'Import-Module of an empty .psm1 (first import of the session)'; ImportMs = 'Import-Module Trackyard'; ConnectMs = 'Connect (first GET /me)'; FirstSearchMs = 'first search'; SecondSearchMs = 'second search' }[$step]
            $md.Add("| $name | $label | $(Format-Number (Get-Median $values)) | $(Format-Raw $values) |")
        }
        if ($case1[$name][0].PSObject.Properties['ConnectMs']) {
            $firstCall = [double[]]($case1[$name] | ForEach-Object { $_.ConnectMs + $_.FirstSearchMs })
            $md.Add("| $name | **first call: connect + first search** | **$(Format-Number (Get-Median $firstCall))** | $(Format-Raw $firstCall) |")
        }
    }
    $md.Add('')
    $md.Add("Goal: Import-Module ≤ 50 ms — $(Format-Number $importMedian) ms as the first import of a fresh session, $(Format-Goal ($importMedian -le 50)); after an empty module has paid PowerShell's first-import cost ($(Format-Number $importEmpty) ms), Import-Module Trackyard takes $(Format-Number $importWarm) ms, $(Format-Goal ($importWarm -le 50)).")
    $md.Add('')

    $md.Add("## 2. $(Format-Number $n 0) sequential searches (one page of 20)")
    $md.Add('')
    $md.Add("Query ``$query``. Each figure is the time for all $(Format-Number $n 0) searches of a round; per call = median / $n; overhead = per call − the raw HttpClient floor.")
    $md.Add('')
    $md.Add('| variant | median ms | per call µs | overhead µs | × raw | × raw + JSON | × Invoke-RestMethod | raw ms |')
    $md.Add('|---|---:|---:|---:|---:|---:|---:|---|')
    foreach ($name in $case2.Keys) {
        $values = [double[]]$case2[$name]
        $pc = $perCall[$name]
        $overhead = if ($name -like 'PowerShell floor*') { 'n/a (sends nothing)' } else { Format-Number (($pc - $floor) * 1000) 0 }
        $md.Add("| $name | $(Format-Number (Get-Median $values) 0) | $(Format-Number ($pc * 1000) 0) | $overhead | $(Format-Number ($pc / $floor) 2) | $(Format-Number ($pc / $typedFloor) 2) | $(Format-Number ($pc / $irmPerCall) 2) | $(Format-Raw $values 0) |")
    }
    $md.Add('')
    $md.Add("Goals: per call ≤ 1.25 × raw HttpClient — $(Format-Number ($modulePerCall / $floor) 2) ×, $(Format-Goal ($modulePerCall -le 1.25 * $floor)) (against the raw client that also turns the JSON into typed tracks, as the module must: $(Format-Number ($modulePerCall / $typedFloor) 2) ×); ≤ 0.5 × Invoke-RestMethod — $(Format-Number ($modulePerCall / $irmPerCall) 2) ×, $(Format-Goal ($modulePerCall -le 0.5 * $irmPerCall)).")
    $md.Add('')
    $typed = $typedFloor
    $md.Add('Where the time of one `Search-TrackyardTrack` goes (medians of the rows above, µs per call):')
    $md.Add('')
    $md.Add('| part | µs | share |')
    $md.Add('|---|---:|---:|')
    $parts = [ordered]@{
        'HTTP round trip incl. the emulator (raw HttpClient floor)' = $floor
        'JSON into typed objects (raw + System.Text.Json − raw)' = $typed - $floor
        "the module's HTTP layer beyond that (Polly pipeline, pacer, request building, Track models: layer − raw typed)" = $layer - $typed
        'PowerShell: command lookup, binding, pipeline, 20 × WriteObject (no-op cmdlet)' = $noop
        "the cmdlet's own per-call work (worker thread, message pump, connection/options: module − layer − no-op)" = $modulePerCall - $layer - $noop
    }
    foreach ($part in $parts.Keys) { $md.Add("| $part | $(Format-Number ($parts[$part] * 1000) 0) | $(Format-Number (100 * $parts[$part] / $modulePerCall) 0) % |") }
    $md.Add("| **Search-TrackyardTrack** | **$(Format-Number ($modulePerCall * 1000) 0)** | 100 % |")
    $md.Add('')

    $md.Add('## 3. 1,000 tracks: 10 pages of 100')
    $md.Add('')
    $md.Add("Query ``$pageQuery`` (more than 1,000 results). Each figure is the mean of $inner consecutive 1,000-track searches (ms per 1,000 tracks); every variant checks that it got 1,000 tracks.")
    $md.Add('')
    $md.Add('| variant | median ms | × raw | × Invoke-RestMethod | raw ms |')
    $md.Add('|---|---:|---:|---:|---|')
    $c3raw = Get-Median ([double[]]$case3['Raw HttpClient (C#) + System.Text.Json'])
    $c3irm = Get-Median ([double[]]$case3['Invoke-RestMethod, 10 pages'])
    foreach ($name in $case3.Keys) {
        $m = Get-Median ([double[]]$case3[$name])
        $md.Add("| $name | $(Format-Number $m) | $(Format-Number ($m / $c3raw) 2) | $(Format-Number ($m / $c3irm) 2) | $(Format-Raw ([double[]]$case3[$name])) |")
    }
    $c3mod = Get-Median ([double[]]$case3['Search-TrackyardTrack -First 1000'])
    $md.Add('')
    $md.Add("The per-call goals applied here (not required by the issue): ≤ 0.5 × Invoke-RestMethod — $(Format-Number ($c3mod / $c3irm) 2) ×, $(Format-Goal ($c3mod -le 0.5 * $c3irm)); ≤ 1.25 × raw — $(Format-Number ($c3mod / $c3raw) 2) ×, $(Format-Goal ($c3mod -le 1.25 * $c3raw)).")
    $md.Add('')

    $md.Add("## 4. Downloading the long track ($(Format-Number ($expectedBytes / 1MB) 1) MiB) to disk")
    $md.Add('')
    $md.Add("``$longTrack``, $expectedBytes bytes, written to a file in $([IO.Path]::GetTempPath()) and checked for its size. Each figure is a fresh process.")
    $md.Add('Time: curl''s own `time_total`; for the PowerShell variants a Stopwatch around the one command, in a process that has already made one request (Connect-Trackyard, or one Invoke-RestMethod GET /me), so neither pays for connecting.')
    $md.Add('Memory: for pwsh, `/proc/self/clear_refs` is reset just before the download, growth = peak resident set (VmHWM) after − resident set (VmRSS) before; for curl (`/usr/bin/time -f %M`), growth = the max RSS of this download − the max RSS of the same curl fetching GET /me. Progress bars are off (`$ProgressPreference = ''SilentlyContinue''`) in both PowerShell variants.')
    $md.Add('')
    $md.Add('| variant | median ms | × curl | median growth MB | raw ms | raw growth MB | raw peak MB (baseline MB) |')
    $md.Add('|---|---:|---:|---:|---|---|---|')
    foreach ($name in $case4.Keys) {
        $runs = $case4[$name]
        $ms = [double[]]($runs | ForEach-Object { $_.Ms })
        $growth = [double[]]($runs | ForEach-Object { $_.GrowthKb / 1024 })
        $peaks = ($runs | ForEach-Object { "$(Format-Number ($_.PeakKb / 1024) 0) ($(Format-Number ($_.BaselineKb / 1024) 0))" }) -join ' · '
        $md.Add("| $name | $(Format-Number $dl[$name].Ms 0) | $(Format-Number ($dl[$name].Ms / $dl['curl -o'].Ms) 2) | $(Format-Number $dl[$name].GrowthMb 1) | $(Format-Raw $ms 0) | $(Format-Raw $growth 1) | $peaks |")
    }
    $md.Add('')
    $md.Add('Where the time goes (medians, ms):')
    $md.Add('')
    $md.Add('| figure | median ms | raw ms |')
    $md.Add('|---|---:|---|')
    $fsyncs = [double[]]($case4['curl -o'] | ForEach-Object { $_.FsyncMs })
    $md.Add("| fsync of the file curl just wrote (Save-TrackyardTrack flushes its temporary file to disk before the rename; curl and Invoke-WebRequest do not) | $(Format-Number (Get-Median $fsyncs) 0) | $(Format-Raw $fsyncs 0) |")
    $curlPlusFsync = [double[]]($case4['curl -o'] | ForEach-Object { $_.Ms + $_.FsyncMs })
    $md.Add("| curl -o + that fsync (the same durability as the module) | $(Format-Number (Get-Median $curlPlusFsync) 0) | $(Format-Raw $curlPlusFsync 0) |")
    foreach ($name in 'Save-TrackyardTrack', 'Invoke-WebRequest -OutFile') {
        $warm = [double[]]($case4[$name] | ForEach-Object { $_.WarmMs })
        $md.Add("| $name, a second download in the same process (code already compiled) | $(Format-Number (Get-Median $warm) 0) | $(Format-Raw $warm 0) |")
    }
    $md.Add('')
    $md.Add("Goals: peak memory growth ≤ 16 MB — $(Format-Number $saveGrowth) MB, $(Format-Goal ($saveGrowth -le 16)); time ≤ 1.2 × curl — $(Format-Number $saveVsCurl 2) ×, $(Format-Goal ($saveVsCurl -le 1.2)).")
    $md.Add('')

    $md.Add("## 5. $runspaces runspaces × $each searches, ``ForEach-Object -Parallel -ThrottleLimit $runspaces``")
    $md.Add('')
    $md.Add("Query ``$query``, one page of 20 each. The module uses the one connection of the session (shared by the runspaces); each runspace imports the module (included in the time).")
    $md.Add('')
    $md.Add('| variant | median ms | searches/s | errors (all rounds) | raw ms | raw searches/s |')
    $md.Add('|---|---:|---:|---:|---|---|')
    $totalSearches = $runspaces * $each
    foreach ($name in $case5.Keys) {
        $runs = $case5[$name]
        $ms = [double[]]($runs | ForEach-Object { $_.Ms })
        $rate = [double[]]($ms | ForEach-Object { $totalSearches * 1000 / $_ })
        $errors = ($runs | ForEach-Object { $_.Errors } | Measure-Object -Sum).Sum
        $okAll = ($runs | ForEach-Object { $_.Ok } | Measure-Object -Sum).Sum
        $tracksAll = ($runs | ForEach-Object { $_.Tracks } | Measure-Object -Sum).Sum
        if ($okAll + $errors -ne $totalSearches * $Repetitions -or $tracksAll -ne 20 * $okAll) { $errors = "$errors (and $($totalSearches * $Repetitions - $okAll - $errors) missing, $tracksAll tracks)" }
        $md.Add("| $name | $(Format-Number (Get-Median $ms) 0) | $(Format-Number ($totalSearches * 1000 / (Get-Median $ms)) 0) | $errors | $(Format-Raw $ms 0) | $(Format-Raw $rate 0) |")
    }
    $md.Add('')

    $md.Add('## 6. Pacing efficiency under a rate limit (issue 4)')
    $md.Add('')
    $md.Add("A second emulator started with ``--minute-seconds $paceWindow``; per round a new key limited to $paceLimit requests per window (unlimited day and credits), ``Connect-Trackyard`` with it, a pause of one window so that Connect's GET /me has left it, then $paceN sequential ``Search-TrackyardTrack -RetryOnRateLimit``.")
    $md.Add("Theoretical minimum: request k (from 0) cannot be accepted before ⌊k / $paceLimit⌋ × $paceWindow s, so the ${paceN}th goes at $(Format-Number $paceMinimum 1) s. Efficiency = minimum / measured.")
    $md.Add('')
    $md.Add('| round | key suffix | s | efficiency | searches in log | 200 | 429 | warnings (announced waits) |')
    $md.Add('|---|---|---:|---:|---:|---:|---:|---:|')
    $i = 0
    foreach ($run in $case6['Search-TrackyardTrack -RetryOnRateLimit']) {
        $t = $pacedTotals[$i]
        $md.Add("| $($i + 1) | $($t.Suffix) | $(Format-Number ($run.Ms / 1000) 2) | $(Format-Number (100 * $paceMinimum * 1000 / $run.Ms) 0) % | $($t.Searches) | $($t.Ok) | $($t.TooMany) | $($run.Warnings) |")
        $i++
    }
    $md.Add("| **median** | | **$(Format-Number $paceMedian 2)** | **$(Format-Number (100 * $paceMinimum / $paceMedian) 0) %** | | | **$pace429** | |")
    $md.Add('')
    $md.Add("Goal: no 429 in the emulator's request log — $pace429, $(Format-Goal ($pace429 -eq 0)).")
    $md.Add('')
    $waits = [Math]::Ceiling($paceN / $paceLimit) - 1
    $md.Add("The time above the minimum, $(Format-Number (($paceMedian - $paceMinimum) * 1000) 0) ms, is spread over the $waits window waits: $(Format-Number (($paceMedian - $paceMinimum) * 1000 / $waits) 0) ms each (the limiter's safety margin and ``RateLimit-Reset`` counting whole seconds, rounded up). With the real 60-second minute the same overshoot per wait would give about $(Format-Number (100 * 60 / (60 + ($paceMedian - $paceMinimum) / $waits)) 1) % efficiency.")
    $md.Add('')

    $md.Add('## The emulator is not the bottleneck')
    $md.Add('')
    $md.Add("Server time from the emulator's usage log (``response_time_ms``, whole milliseconds, request arrival to last byte) for $serverN GET /me and $serverN 20-track POST /search on a fresh unlimited key, sent by the raw HttpClient:")
    $md.Add('')
    $md.Add('| endpoint | records | median ms | p99 ms | max ms | records at 0 ms | client round trip µs (raw HttpClient) |')
    $md.Add('|---|---:|---:|---:|---:|---:|---:|')
    foreach ($endpoint in $serverTimes.Keys) {
        $s = $serverTimes[$endpoint]
        $clientUs = if ($endpoint -eq '/me') { $meClientMs * 1000 } else { $searchClientMs * 1000 }
        $md.Add("| $endpoint | $($s.Count) | $($s.Median) | $($s.P99) | $($s.Max) | $($s.Zero) | $(Format-Number $clientUs 0) |")
    }
    $md.Add('')
    $md.Add("In process (the emulator's assembly loaded into the benchmark, no HTTP): parsing the search body and ranking the $($info.catalog_size)-track catalogue takes $(Format-Number $engineUs 1) µs per search ($engineResults results, mean of 5,000). ")
    $md.Add("The emulator process used $(Format-Number ($emulatorCpuPerCall * 1000) 0) µs of CPU per search request (its process CPU time over all $($emulatorCpu.Calls) searches of case 2's raw floor), i.e. everything Kestrel and the endpoint do; raw per-call floor: $(Format-Number ($floor * 1000) 0) µs.")
    $md.Add('')
    $fastest = ($case5['Search-TrackyardTrack'] | ForEach-Object { $totalSearches * 1000 / $_.Ms } | Measure-Object -Maximum).Maximum
    $capacity = 1 / [Math]::Max(0.000001, $emulatorCpuPerCall)
    $md.Add("So the emulator can answer about $(Format-Number ($capacity * 1000) 0) searches per second per core, and the busiest case here (case 5, at most $(Format-Number $fastest 0) searches/s) keeps it about $(Format-Number (100 * $fastest / ($capacity * 1000)) 0) % busy on one core: it is not the bottleneck of any PowerShell variant (Search-TrackyardTrack: $(Format-Number ($modulePerCall * 1000) 0) µs per call, Invoke-RestMethod: $(Format-Number ($irmPerCall * 1000) 0) µs). It does make up most of the raw HttpClient floor, whose round trip is little more than the emulator's own work on the other core; the floor is therefore, if anything, high, and the module's ratio to it flattering rather than harsh.")
    $md.Add('')
    Set-Content -LiteralPath $ResultPath -Value $md -Encoding utf8
    Write-Step "Wrote $ResultPath"
    foreach ($goal in $goals) { Write-Host ("  {0,-60} {1,-40} {2}" -f $goal.Goal, $goal.Measured, $(if ($goal.Met) { 'met' } else { 'MISSED' })) }
}
finally {
    if ($emulator) { Stop-TrackyardEmulator $emulator }
    if ($paced) { Stop-TrackyardEmulator $paced }
    Remove-Item -LiteralPath $workDir -Recurse -Force -ErrorAction SilentlyContinue
}
