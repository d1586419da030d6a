<#
.SYNOPSIS
8 runspaces × 100 searches on one unlimited key, against 8 raw typed clients on 8 threads.
.DESCRIPTION
Module: 8 runspaces opened once, each with the module imported (an InitialSessionState), all using the session's one
connection (the current connection is process-wide, as in ForEach-Object -Parallel). Raw: 8 RawClients (one
HttpClient each) on 8 threads. In both, every worker waits at a start line; the time runs from the release to the
last worker's end, so runspace creation and import are not in it. Throughput = 800 / that time.
For reference, the same searches as a user would write them, `1..8 | ForEach-Object -Parallel -ThrottleLimit 8`
with Import-Module in each: that time includes creating the runspaces and importing the module 8 times.
Per round also the CPU time of this process and of the emulator over the timed part.
#>
param([Parameter(Mandatory)] [hashtable] $Bench, [int] $Workers = 8, [int] $Each = 100)

$query = $Bench.Query
$modulePath = $Bench.ModulePath
$emulatorPid = $Bench.Emulator.Process.Id
Write-BenchStep 'Parallel' "$Workers runspaces × $Each searches vs $Workers raw typed clients on $Workers threads × ($($Bench.Rounds) rounds + warm-up)"

$sessionState = [initialsessionstate]::CreateDefault2()
$sessionState.ImportPSModule($modulePath)
$runspaces = foreach ($i in 1..$Workers) {
    $runspace = [runspacefactory]::CreateRunspace($sessionState)
    $runspace.Open()
    $runspace
}
$rawParallel = [TrackyardBench.RawParallel]::new($Workers, $Bench.Key, $Bench.UserAgent, "$($Bench.Api)/search", $query)

$worker = {
    param($Ready, $Go, [int] $Count, [string] $Query)
    $Ready.Signal()
    $Go.Wait()
    $ok = 0; $errors = 0; $tracks = 0
    for ($i = 0; $i -lt $Count; $i++) {
        try { $tracks += @(Search-TrackyardTrack $Query -NoCache -ErrorAction Stop).Count; $ok++ } catch { $errors++ }
    }
    [pscustomobject]@{ Ok = $ok; Errors = $errors; Tracks = $tracks }
}

function Measure-Counted([scriptblock] $Run) {
    # Runs one timed part and adds the CPU time of both processes over it.
    $cpu = [TrackyardBench.Counters]::SelfCpuMs()
    $emulatorCpu = [TrackyardBench.Counters]::ProcessCpuMs($emulatorPid)
    $figure = & $Run
    $figure.cpuMs = [TrackyardBench.Counters]::SelfCpuMs() - $cpu
    $figure.emulatorCpuMs = [TrackyardBench.Counters]::ProcessCpuMs($emulatorPid) - $emulatorCpu
    $figure
}

$runModule = {
    param([int] $Count)
    $ready = [System.Threading.CountdownEvent]::new($Workers)
    $go = [System.Threading.ManualResetEventSlim]::new($false)
    $jobs = foreach ($runspace in $runspaces) {
        $ps = [powershell]::Create()
        $ps.Runspace = $runspace
        $null = $ps.AddScript($worker).AddArgument($ready).AddArgument($go).AddArgument($Count).AddArgument($query)
        @{ PowerShell = $ps; Handle = $ps.BeginInvoke() }
    }
    $ready.Wait()
    Measure-Counted {
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $go.Set()
        $outcome = foreach ($job in $jobs) { $job.PowerShell.EndInvoke($job.Handle); $job.PowerShell.Dispose() }
        $ms = $watch.Elapsed.TotalMilliseconds
        [ordered]@{
            ms = $ms; searches = $Workers * $Count
            ok = ($outcome | Measure-Object Ok -Sum).Sum; errors = ($outcome | Measure-Object Errors -Sum).Sum
            tracks = ($outcome | Measure-Object Tracks -Sum).Sum
        }
    }
}
$runRaw = {
    param([int] $Count)
    Measure-Counted {
        $tracks = 0L
        $ms = $rawParallel.Run($Count, [ref]$tracks)
        [ordered]@{ ms = $ms; searches = $Workers * $Count; ok = [int]($tracks / 20); errors = 0; tracks = $tracks }
    }
}
$runForEach = {
    param([int] $Count)
    Measure-Counted {
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $outcome = 1..$Workers | ForEach-Object -ThrottleLimit $Workers -Parallel {
            Import-Module $using:modulePath
            $ok = 0; $errors = 0; $tracks = 0
            for ($i = 0; $i -lt $using:Count; $i++) {
                try { $tracks += @(Search-TrackyardTrack $using:query -NoCache -ErrorAction Stop).Count; $ok++ } catch { $errors++ }
            }
            [pscustomobject]@{ Ok = $ok; Errors = $errors; Tracks = $tracks }
        }
        $ms = $watch.Elapsed.TotalMilliseconds
        [ordered]@{
            ms = $ms; searches = $Workers * $Count
            ok = ($outcome | Measure-Object Ok -Sum).Sum; errors = ($outcome | Measure-Object Errors -Sum).Sum
            tracks = ($outcome | Measure-Object Tracks -Sum).Sum
        }
    }
}

try {
    $variants = [ordered]@{
        rawThreads = { & $runRaw $Each }
        moduleRunspaces = { & $runModule $Each }
        forEachParallel = { & $runForEach $Each }
    }
    $rounds = Invoke-Rounds -Variants $variants -Rounds $Bench.Rounds -WarmUp {
        param($name)
        switch ($name) { 'rawThreads' { & $runRaw 10 } 'moduleRunspaces' { & $runModule 10 } 'forEachParallel' { & $runForEach 10 } }
    }
}
finally {
    foreach ($runspace in $runspaces) { $runspace.Dispose() }
    $rawParallel.Dispose()
}

$labels = [ordered]@{
    rawThreads = "$Workers raw typed clients on $Workers threads (the anchor)"
    moduleRunspaces = "Search-TrackyardTrack in $Workers runspaces (opened and imported before the clock starts)"
    forEachParallel = "1..$Workers | ForEach-Object -Parallel { Import-Module; searches } (runspaces and imports included)"
}
$result = [ordered]@{ query = $query; workers = $Workers; each = $Each; variants = [ordered]@{} }
foreach ($name in $variants.Keys) { $result.variants[$name] = [ordered]@{ label = $labels[$name]; rounds = $rounds[$name] } }
[ordered]@{ parallel = $result }
