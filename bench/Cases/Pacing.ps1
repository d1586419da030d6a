<#
.SYNOPSIS
Pacing under a rate limit: -Count sequential Search-TrackyardTrack -RetryOnRateLimit on a key limited to -Limit
requests per 2-second window (the second emulator runs with --minute-seconds 2).
.DESCRIPTION
No warm-up round: each round's time is seconds of waiting, which a first call's compilation does not change.
Per round: a new key (unlimited day and credits), Connect-Trackyard with it, a pause of one window so that Connect's
GET /me has left it, then the searches. The emulator's request log says how many got 429 (the goal: none). The
theoretical minimum: request k (from 0) cannot be accepted before floor(k / Limit) windows.
#>
param([Parameter(Mandatory)] [hashtable] $Bench, [int] $Count = 10, [int] $Limit = 5, [double] $WindowSeconds = 2.0)

$paced = $Bench.Paced
$query = $Bench.Query
Write-BenchStep 'Pacing' "$Count searches on a key limited to $Limit per $WindowSeconds s window, -RetryOnRateLimit, $($Bench.Rounds) rounds"

$run = {
    param([int] $Searches, [string] $Key)
    Add-TrackyardEmulatorKey -Emulator $paced -Key $Key -Tier free -Credits $null -PerMinute $Limit -PerDay $null
    $connection = Connect-Trackyard -ApiKey (ConvertTo-SecureString $Key -AsPlainText -Force) -BaseUri $paced.ApiUri -PassThru
    Start-Sleep -Milliseconds ([int]($WindowSeconds * 1000 + 200))
    $warnings = $null
    $watch = [Diagnostics.Stopwatch]::StartNew()
    for ($i = 0; $i -lt $Searches; $i++) {
        $null = Search-TrackyardTrack $query -NoCache -Connection $connection -RetryOnRateLimit -WarningVariable +warnings -WarningAction SilentlyContinue
    }
    $ms = $watch.Elapsed.TotalMilliseconds
    $connection.Dispose()
    [ordered]@{ ms = $ms; warnings = @($warnings).Count; key = $Key }
}

$script:paceRound = 0
$rounds = Invoke-Rounds -Rounds $Bench.Rounds -Variants ([ordered]@{
        module = {
            $script:paceRound++
            & $run $Count ('bench_pacing_key_{0:d4}' -f $script:paceRound)
        }
    }) -WarmUp { }

$log = @(Get-TrackyardEmulatorRequest $paced)
foreach ($r in $rounds.module) {
    $suffix = $r.key.Substring($r.key.Length - 4)
    $entries = @($log | Where-Object { $_.key_suffix -eq $suffix -and $_.path -eq '/search' })
    $r.searches = $entries.Count
    $r.ok = @($entries | Where-Object status -EQ 200).Count
    $r.tooMany = @($entries | Where-Object status -EQ 429).Count
    $r.keySuffix = $suffix
    $r.Remove('key')
}
[ordered]@{
    pacing = [ordered]@{
        count = $Count; limit = $Limit; windowSeconds = $WindowSeconds
        variants = [ordered]@{ module = [ordered]@{ label = 'Search-TrackyardTrack -RetryOnRateLimit'; rounds = $rounds.module } }
    }
}
