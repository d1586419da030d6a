# Helpers shared by the measuring scripts (Measure-Benchmark.ps1 and Cases/*.ps1). They run variants and collect
# raw figures; they compute no statistics and draw no conclusions (that is Write-BenchReport.ps1's job).

Set-StrictMode -Version Latest

$script:clock = [Diagnostics.Stopwatch]::StartNew()
$script:steps = [System.Collections.Generic.List[object]]::new()

function Get-LoadAverage {
    # The machine's 1-minute load average (Linux), or NaN where /proc/loadavg is missing.
    if (Test-Path -LiteralPath /proc/loadavg) { [double]((Get-Content -LiteralPath /proc/loadavg) -split ' ')[0] } else { [double]::NaN }
}

function Write-BenchStep {
    # Prints a progress line and records the step with the machine's load when it began.
    param([Parameter(Mandatory)] [string] $Name, [string] $Detail = '')
    $load = Get-LoadAverage
    $script:steps.Add([ordered]@{ step = $Name; startedAtSec = [Math]::Round($script:clock.Elapsed.TotalSeconds, 1); load1 = $load })
    Write-Host ("[{0,6:0.0} s] {1}{2} (load {3})" -f $script:clock.Elapsed.TotalSeconds, $Name, $(if ($Detail) { ": $Detail" }), $load)
}

function Get-BenchStep { , $script:steps.ToArray() }

function Invoke-Rounds {
    <#
    .SYNOPSIS
    Runs every variant once as a warm-up, then -Rounds rounds in which each variant runs once, in turn.
    A variant is a script block returning one figure (a number or a dictionary of numbers). Returns, per variant
    name, the list of its figures in round order.
    #>
    param(
        [Parameter(Mandatory)] [System.Collections.Specialized.OrderedDictionary] $Variants,
        [Parameter(Mandatory)] [int] $Rounds,
        [scriptblock] $WarmUp
    )
    $figures = [ordered]@{}
    foreach ($name in $Variants.Keys) {
        $figures[$name] = [System.Collections.Generic.List[object]]::new()
        if ($WarmUp) { $null = & $WarmUp $name } else { $null = & $Variants[$name] }
    }
    for ($round = 1; $round -le $Rounds; $round++) {
        foreach ($name in $Variants.Keys) { $figures[$name].Add((& $Variants[$name])) }
    }
    $figures
}

function Invoke-Slices {
    <#
    .SYNOPSIS
    For long sequential loops: each round runs every variant in -Slices slices of -Count / -Slices calls, taking turns
    slice by slice, so that a burst of load from elsewhere hits every variant alike.
    .DESCRIPTION
    A variant is a script block that takes the number of calls and returns the elapsed ms it measured itself. Around
    each slice this reads the process's CPU time, the emulator's CPU time and the bytes allocated, and adds them up per
    round. Returns, per variant, one record per round: ms, cpuMs, emulatorCpuMs, allocatedBytes (sums over the round's
    slices) and calls.
    #>
    param(
        [Parameter(Mandatory)] [System.Collections.Specialized.OrderedDictionary] $Variants,
        [Parameter(Mandatory)] [int] $Count,
        [Parameter(Mandatory)] [int] $Slices,
        [Parameter(Mandatory)] [int] $Rounds,
        [Parameter(Mandatory)] [int] $WarmUpCount,
        [Parameter(Mandatory)] [int] $EmulatorPid
    )
    $figures = [ordered]@{}
    foreach ($name in $Variants.Keys) {
        $figures[$name] = [System.Collections.Generic.List[object]]::new()
        $null = & $Variants[$name] $WarmUpCount
    }
    $slice = [int][Math]::Ceiling($Count / $Slices)
    for ($round = 1; $round -le $Rounds; $round++) {
        $sums = [ordered]@{}
        foreach ($name in $Variants.Keys) { $sums[$name] = [ordered]@{ ms = 0.0; cpuMs = 0.0; emulatorCpuMs = 0.0; allocatedBytes = 0L; calls = 0 } }
        for ($done = 0; $done -lt $Count; $done += $slice) {
            $calls = [Math]::Min($slice, $Count - $done)
            foreach ($name in $Variants.Keys) {
                $s = $sums[$name]
                $emulatorCpu = [TrackyardBench.Counters]::ProcessCpuMs($EmulatorPid)
                $allocated = [TrackyardBench.Counters]::AllocatedBytes()
                $cpu = [TrackyardBench.Counters]::SelfCpuMs()
                $s.ms += [double](& $Variants[$name] $calls)
                $s.cpuMs += [TrackyardBench.Counters]::SelfCpuMs() - $cpu
                $s.allocatedBytes += [TrackyardBench.Counters]::AllocatedBytes() - $allocated
                $s.emulatorCpuMs += [TrackyardBench.Counters]::ProcessCpuMs($EmulatorPid) - $emulatorCpu
                $s.calls += $calls
            }
        }
        foreach ($name in $Variants.Keys) { $figures[$name].Add($sums[$name]) }
    }
    $figures
}

function Invoke-FreshPwsh {
    <#
    .SYNOPSIS
    Runs FreshProcess.ps1 in a new `pwsh -NoProfile` exactly as `dotnet pwsh` starts it (dotnet <PSHOME>/pwsh.dll,
    without the tool-manifest lookup) and returns the JSON object it printed last. The Stopwatch timestamp taken just
    before the start is passed in (-LaunchedAt), so the child can tell the time since its launch on the same clock.
    #>
    param(
        [Parameter(Mandatory)] [string] $Script,
        [Parameter(Mandatory)] [hashtable] $Arguments
    )
    $exe = [Environment]::ProcessPath
    $prefix = if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { @(Join-Path $PSHOME 'pwsh.dll') } else { @() }
    $list = @($prefix) + @('-NoProfile', '-NonInteractive', '-File', $Script)
    foreach ($name in $Arguments.Keys) {
        $value = $Arguments[$name]
        if ($value -is [bool] -or $value -is [switch]) { if ($value) { $list += "-$name" } }
        else { $list += "-$name"; $list += [string]$value }
    }
    $list += '-LaunchedAt'
    $list += [string][Diagnostics.Stopwatch]::GetTimestamp()
    $output = & $exe @list 2>&1 | ForEach-Object { "$_" }
    if ($LASTEXITCODE -ne 0) { throw "FreshProcess.ps1 failed ($LASTEXITCODE) with $($Arguments | ConvertTo-Json -Compress): $($output -join "`n")" }
    $json = $output | Where-Object { $_.StartsWith('{') } | Select-Object -Last 1
    if (-not $json) { throw "FreshProcess.ps1 printed no result: $($output -join "`n")" }
    $json | ConvertFrom-Json -AsHashtable
}

function Invoke-Curl {
    <#
    .SYNOPSIS
    Runs curl under /usr/bin/time (when present) and returns its time_total (s) and its maximum resident set (kB).
    #>
    param([Parameter(Mandatory)] [string[]] $Arguments)
    $arguments = @($Arguments) + @('-w', 'time_total=%{time_total}\n')
    $hasTime = Test-Path -LiteralPath /usr/bin/time
    $lines = if ($hasTime) { & /usr/bin/time -f 'maxrss_kb=%M' curl @arguments 2>&1 | ForEach-Object { "$_" } }
    else { & curl @arguments 2>&1 | ForEach-Object { "$_" } }
    if ($LASTEXITCODE -ne 0) { throw "curl failed: $($lines -join ' ')" }
    $figures = [ordered]@{ timeTotalMs = [double]::NaN; maxRssKb = $null }
    foreach ($line in $lines) {
        if ($line -match 'maxrss_kb=(\d+)') { $figures.maxRssKb = [double]$Matches[1] }
        if ($line -match 'time_total=([\d.]+)') { $figures.timeTotalMs = 1000 * [double]::Parse($Matches[1], [Globalization.CultureInfo]::InvariantCulture) }
    }
    $figures
}

function ConvertTo-Psd1 {
    <#
    .SYNOPSIS
    Writes a module manifest hashtable (strings, numbers, booleans, arrays and nested hashtables) as .psd1 text.
    #>
    param([Parameter(Mandatory)] [System.Collections.IDictionary] $Data, [int] $Indent = 0)
    $pad = ' ' * ($Indent + 4)
    $lines = [System.Collections.Generic.List[string]]::new()
    $lines.Add('@{')
    foreach ($key in ($Data.Keys | Sort-Object)) {
        $lines.Add("$pad$key = $(ConvertTo-Psd1Value $Data[$key] ($Indent + 4))")
    }
    $lines.Add((' ' * $Indent) + '}')
    $lines -join "`n"
}

function ConvertTo-Psd1Value {
    param($Value, [int] $Indent)
    if ($null -eq $Value) { return '$null' }
    if ($Value -is [System.Collections.IDictionary]) { return ConvertTo-Psd1 $Value $Indent }
    if ($Value -is [bool]) { return $(if ($Value) { '$true' } else { '$false' }) }
    if ($Value -is [string]) { return "'" + ($Value -replace "'", "''") + "'" }
    if ($Value -is [System.Collections.IEnumerable]) { return '@(' + ((@($Value) | ForEach-Object { ConvertTo-Psd1Value $_ $Indent }) -join ', ') + ')' }
    if ($Value -is [ValueType]) { return [string]::Format([Globalization.CultureInfo]::InvariantCulture, '{0}', $Value) }
    throw "A manifest value of type $($Value.GetType()) cannot be written."
}

Export-ModuleMember -Function Get-LoadAverage, Write-BenchStep, Get-BenchStep, Invoke-Rounds, Invoke-Slices, Invoke-FreshPwsh, Invoke-Curl, ConvertTo-Psd1
