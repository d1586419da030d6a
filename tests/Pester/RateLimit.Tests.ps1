BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    # A "minute" of 2 s and a "day" of an hour, so that windows free up within a test. The module is told the same
    # minute (test-only), for the docs profile, which sends no RateLimit-Reset: it then assumes that window.
    $script:MinuteSeconds = 2
    $script:Emulator = Start-TrackyardEmulator -ArgumentList @('--minute-seconds', "$MinuteSeconds", '--day-seconds', '3600')
    $script:SavedMinuteWindow = $env:TRACKYARD_MINUTE_WINDOW_SEC
    $env:TRACKYARD_MINUTE_WINDOW_SEC = "$MinuteSeconds"
    $script:ModulePath = Join-Path $RepoRoot 'out/Trackyard/Trackyard.psd1'

    function New-LimitedKey {
        # A key of its own per test: the module's limiter for a key lives as long as the process.
        param([string] $Key, $PerMinute = 5, $PerDay = $null)
        Add-TrackyardEmulatorKey $Emulator -Key $Key -Tier 'starter' -Credits $null -PerMinute $PerMinute -PerDay $PerDay
        $Key
    }

    function Get-KeyRequest {
        # The request log of one key (the log keeps the last 4 characters), oldest first.
        param([string] $Key, [string] $Path)
        $suffix = $Key.Substring($Key.Length - 4)
        @(Get-TrackyardEmulatorRequest -Emulator $Emulator |
                Where-Object { $_.key_suffix -eq $suffix -and (-not $Path -or $_.path -eq $Path) })
    }

    function Get-MostInAnyWindow {
        # The most requests the log shows inside any window of the emulator's minute, sliding.
        param($Requests, [double] $Seconds)
        $times = @($Requests | ForEach-Object { ([DateTimeOffset]$_.time).ToUnixTimeMilliseconds() } | Sort-Object)
        $most = 0
        for ($i = 0; $i -lt $times.Count; $i++) {
            $inside = @($times | Where-Object { $_ -ge $times[$i] -and $_ -lt $times[$i] + $Seconds * 1000 }).Count
            if ($inside -gt $most) { $most = $inside }
        }
        $most
    }

    function Start-BackgroundSearch {
        # Runs a search in a PowerShell instance of its own, so that the test can stop it like Ctrl+C does.
        param($Connection, [switch] $RetryOnRateLimit)
        $ps = [powershell]::Create()
        $null = $ps.AddScript({
                param($ModulePath, $Connection, $Retry)
                Import-Module $ModulePath
                Search-TrackyardTrack 'calm piano' -First 1 -Connection $Connection -RetryOnRateLimit:$Retry -WarningAction SilentlyContinue
            }).AddArgument($ModulePath).AddArgument($Connection).AddArgument([bool]$RetryOnRateLimit)
        $null = $ps.BeginInvoke()
        $ps
    }

    function Wait-ForLog {
        param([string] $Key, [scriptblock] $Until, [int] $TimeoutSec = 10)
        $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
        while (-not (& $Until (Get-KeyRequest $Key))) {
            if ([DateTime]::UtcNow -gt $deadline) { throw "The emulator log did not show what was expected within $TimeoutSec s." }
            Start-Sleep -Milliseconds 50
        }
    }
}

AfterAll {
    Disconnect-Trackyard
    Stop-TrackyardEmulator $Emulator
    $env:TRACKYARD_MINUTE_WINDOW_SEC = $SavedMinuteWindow
}

Describe 'Rate limits and retries against the emulator' {
    BeforeEach {
        Reset-TrackyardEmulator $Emulator
    }

    It 'paces 25 searches in a row on a key limited to 5 per window: all succeed and none gets a 429' {
        $key = New-LimitedKey 'trackyard_test_rl_row25' -PerMinute 5
        $connection = Connect-TestEmulator $Emulator $key -Extra @{ PassThru = $true }
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $tracks = @(1..25 | ForEach-Object {
                # -NoCache: every search is sent, so that the limiter has 25 requests to pace.
                Search-TrackyardTrack "calm piano" -First 1 -Connection $connection -RetryOnRateLimit -NoCache -WarningAction SilentlyContinue -WarningVariable +waits
            })
        $watch.Stop()

        $tracks.Count | Should -Be 25
        $requests = Get-KeyRequest $key
        $requests.Count | Should -Be 26 -Because 'one GET /me to connect and 25 searches, nothing resent'
        @($requests | Where-Object status -EQ 429).Count | Should -Be 0
        Get-MostInAnyWindow $requests $MinuteSeconds | Should -BeLessOrEqual 5
        $waits.Count | Should -BeGreaterThan 0 -Because 'each wait for the window says so'
        "$($waits[0])" | Should -Match 'Rate limited by Trackyard; the key''s requests for this minute are used up, waiting \d+ s'
        # 26 requests at 5 per 2 s: the 26th cannot go before 10 s after the first.
        Write-Host ("    25 searches (26 requests) in {0:0.0} s; theoretical minimum 10.0 s" -f $watch.Elapsed.TotalSeconds)
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 20
    }

    It 'keeps 4 runspaces in ForEach-Object -Parallel on one key inside the limit: no 429, never more than 5 sends in any window' {
        $key = New-LimitedKey 'trackyard_test_rl_par4' -PerMinute 5
        $uri = $Emulator.ApiUri
        $results = 1..4 | ForEach-Object -ThrottleLimit 4 -Parallel {
            Import-Module $using:ModulePath
            $secure = ConvertTo-SecureString $using:key -AsPlainText -Force
            $connection = Connect-Trackyard -ApiKey $secure -BaseUri $using:uri -RetryOnRateLimit -PassThru -WarningAction SilentlyContinue
            1..4 | ForEach-Object {
                @(Search-TrackyardTrack "upbeat electronic" -First 1 -Connection $connection -NoCache -WarningAction SilentlyContinue).Count
            }
        }

        ($results | Measure-Object -Sum).Sum | Should -Be 16
        $requests = Get-KeyRequest $key
        $requests.Count | Should -Be 20 -Because '4 connects and 16 searches, nothing resent'
        @($requests | Where-Object status -EQ 429).Count | Should -Be 0
        Get-MostInAnyWindow $requests $MinuteSeconds | Should -BeLessOrEqual 5
    }

    It 'ends a wait for Retry-After: 60 within 1 s when the pipeline is stopped, and keeps the cooldown afterwards' {
        $key = New-LimitedKey 'trackyard_test_rl_stop' -PerMinute 100
        $connection = Connect-TestEmulator $Emulator $key -Extra @{ PassThru = $true }
        Add-TrackyardEmulatorFault $Emulator -Path '/search' -Status 429 -Headers @{ 'Retry-After' = '60' }
        $ps = Start-BackgroundSearch $connection -RetryOnRateLimit
        try {
            Wait-ForLog $key { param($log) @($log | Where-Object status -EQ 429).Count -eq 1 }
            Start-Sleep -Milliseconds 300
            Stop-Invocation $ps | Should -BeLessThan 1
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally {
            $ps.Dispose()
        }

        # The connection is intact, and still knows the key must not be used for about a minute.
        $record = Invoke-ForError { Search-TrackyardTrack 'after the stop' -Connection $connection }
        $record.FullyQualifiedErrorId | Should -BeLike 'RateLimited,*'
        $record.Exception.Message | Should -Match 'was not sent'
        $record.Exception.RetryAfter.TotalSeconds | Should -BeGreaterThan 50
        @(Get-KeyRequest $key '/search').Count | Should -Be 1
    }

    It 'ends a transient wait (503, Retry-After: 60) within 1 s when stopped, and the next search on the connection works' {
        $key = New-LimitedKey 'trackyard_test_rl_s503' -PerMinute 100
        $connection = Connect-TestEmulator $Emulator $key -Extra @{ PassThru = $true }
        Add-TrackyardEmulatorFault $Emulator -Path '/search' -Status 503 -Headers @{ 'Retry-After' = '60' }
        $ps = Start-BackgroundSearch $connection
        try {
            Wait-ForLog $key { param($log) @($log | Where-Object status -EQ 503).Count -eq 1 }
            Start-Sleep -Milliseconds 300
            Stop-Invocation $ps | Should -BeLessThan 1
        }
        finally {
            $ps.Dispose()
        }

        @(Search-TrackyardTrack 'calm piano' -First 1 -Connection $connection).Count | Should -Be 1
        (Get-KeyRequest $key '/search').status | Should -Be @(503, 200)
    }

    It 'fails at once with RateLimited, without sending, when the day is used up and the wait is beyond -MaximumRetryWaitSec' {
        $key = New-LimitedKey 'trackyard_test_rl_day1' -PerMinute 100 -PerDay 2
        $connection = Connect-TestEmulator $Emulator $key -Extra @{ PassThru = $true }
        $null = Search-TrackyardTrack 'calm piano' -First 1 -Connection $connection
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $record = Invoke-ForError { Search-TrackyardTrack 'one more' -Connection $connection -RetryOnRateLimit -MaximumRetryWaitSec 10 }
        $watch.Stop()

        $watch.Elapsed.TotalSeconds | Should -BeLessThan 1
        $record.FullyQualifiedErrorId | Should -BeLike 'RateLimited,*'
        $record.CategoryInfo.Category | Should -Be 'LimitsExceeded'
        $record.Exception.Message | Should -Match 'requests for today are used up'
        $record.Exception.Message | Should -Match 'frees up in \d+ s, by about .+ \(local time\)'
        $record.Exception.Message | Should -Match 'MaximumRetryWaitSec allows \(10 s\)'
        @(Get-KeyRequest $key '/search').Count | Should -Be 1 -Because 'the request certain to fail was not sent'
    }

    It 'fails at once with RateLimited when the server answers 429 with a wait beyond -MaximumRetryWaitSec' {
        $key = New-LimitedKey 'trackyard_test_rl_day2' -PerMinute 100 -PerDay 2
        $connection = Connect-TestEmulator $Emulator $key -Extra @{ PassThru = $true }
        # Someone else spends the last request of the day; this process does not know.
        $null = Invoke-RestMethod -Method Post -Uri "$($Emulator.ApiUri)/search" -Headers @{ Authorization = "Bearer $key" } `
            -ContentType 'application/json' -Body '{"query":"elsewhere","limit":1}'
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $record = Invoke-ForError { Search-TrackyardTrack 'one more' -Connection $connection -RetryOnRateLimit }
        $watch.Stop()

        $watch.Elapsed.TotalSeconds | Should -BeLessThan 1
        $record.FullyQualifiedErrorId | Should -BeLike 'RateLimited,*'
        $record.Exception.StatusCode | Should -Be 429
        $record.Exception.RetryAfter.TotalSeconds | Should -BeGreaterThan 3000
        $record.Exception.Message | Should -Match 'the limit frees up at .+ \(local time\)'
        $record.Exception.Message | Should -Match 'MaximumRetryWaitSec allows \(300 s\)'
        @(Get-KeyRequest $key '/search' | Where-Object status -EQ 429).Count | Should -Be 1
    }

    It 'fails fast without sending when the window is used up and the call may not wait' {
        $key = New-LimitedKey 'trackyard_test_rl_fast' -PerMinute 2
        $connection = Connect-TestEmulator $Emulator $key -Extra @{ PassThru = $true }
        $null = Search-TrackyardTrack 'calm piano' -First 1 -Connection $connection
        $record = Invoke-ForError { Search-TrackyardTrack 'no room' -Connection $connection }

        $record.FullyQualifiedErrorId | Should -BeLike 'RateLimited,*'
        $record.Exception.Message | Should -Match 'Use -RetryOnRateLimit'
        $record.Exception.RetryAfter.TotalSeconds | Should -BeLessOrEqual ($MinuteSeconds + 1)
        @(Get-KeyRequest $key '/search').Count | Should -Be 1
    }

    It 'retries a transient 503 twice without being asked, saying so, and succeeds' {
        $key = New-LimitedKey 'trackyard_test_rl_t503' -PerMinute 100
        $connection = Connect-TestEmulator $Emulator $key -Extra @{ PassThru = $true }
        Add-TrackyardEmulatorFault $Emulator -Path '/search' -Status 503 -Times 2
        $all = Search-TrackyardTrack 'calm piano' -First 1 -Connection $connection 3>&1

        @($all | Where-Object { $_ -is [Trackyard.Track] }).Count | Should -Be 1
        $warnings = @($all | Where-Object { $_ -is [System.Management.Automation.WarningRecord] })
        $warnings.Message | Should -Match 'Trackyard answered HTTP 503; retrying in \d+ s \(retry [12] of 2\)'
        (Get-KeyRequest $key '/search').status | Should -Be @(503, 503, 200)
    }

    It 'never retries a 400, even with -RetryOnRateLimit' {
        $key = New-LimitedKey 'trackyard_test_rl_b400' -PerMinute 100
        $connection = Connect-TestEmulator $Emulator $key -Extra @{ PassThru = $true }
        Add-TrackyardEmulatorFault $Emulator -Path '/search' -Status 400 -Times 3
        $record = Invoke-ForError { Search-TrackyardTrack 'x' -Connection $connection -RetryOnRateLimit }

        $record.FullyQualifiedErrorId | Should -BeLike 'InvalidParameters,*'
        (Get-KeyRequest $key '/search').status | Should -Be @(400)
    }

    It 'offers -MaximumRetryCount and -MaximumRetryWaitSec on every API cmdlet, with connection defaults from Connect-Trackyard' {
        # The cmdlets that call the API (Clear-TrackyardCache takes -Connection too, but sends nothing).
        $apiCmdlets = Get-Command -Module Trackyard | Where-Object { $_.Parameters.ContainsKey('Connection') -and $_.Parameters.ContainsKey('RetryOnRateLimit') }
        $apiCmdlets.Count | Should -BeGreaterThan 1
        foreach ($command in $apiCmdlets) {
            $command.Parameters.Keys | Should -Contain 'MaximumRetryCount'
            $command.Parameters.Keys | Should -Contain 'MaximumRetryWaitSec'
        }

        $default = Connect-TestEmulator $Emulator 'trackyard_test_pro' -Extra @{ PassThru = $true }
        $default.MaximumRetryCount | Should -Be 5
        $default.MaximumRetryWaitSec | Should -Be 300
        $custom = Connect-TestEmulator $Emulator 'trackyard_test_pro' -Extra @{ PassThru = $true; MaximumRetryCount = 2; MaximumRetryWaitSec = 30 }
        $custom.MaximumRetryCount | Should -Be 2
        $custom.MaximumRetryWaitSec | Should -Be 30
        { Search-TrackyardTrack 'x' -MaximumRetryCount 21 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Trackyard.SearchTrackyardTrackCommand'
    }
}

Describe 'Several processes of one user on one key' {
    BeforeAll {
        # What each process runs: a runbook that connects with TRACKYARD_API_KEY and searches, waiting out rate limits.
        # It starts when the go file appears (it holds the emulator's address), so that the processes overlap
        # whatever their start-up times.
        $runbook = Join-Path $TestDrive 'runbook.ps1'
        Set-Content -LiteralPath $runbook -Value {
            param([string] $ModulePath, [int] $Searches, [string] $Ready, [string] $Go)
            $ErrorActionPreference = 'Stop'
            Import-Module $ModulePath
            Set-Content -LiteralPath $Ready -Value $PID
            $deadline = [DateTime]::UtcNow.AddSeconds(90)
            while (-not (Test-Path -LiteralPath $Go)) {
                if ([DateTime]::UtcNow -gt $deadline) { throw 'No go within 90 s.' }
                Start-Sleep -Milliseconds 20
            }
            Connect-Trackyard -BaseUri (Get-Content -LiteralPath $Go) -RetryOnRateLimit -WarningAction SilentlyContinue
            $found = 0
            for ($i = 0; $i -lt $Searches; $i++) {
                # -NoCache: every search must reach the service, so that the processes have requests to pace.
                $found += @(Search-TrackyardTrack 'calm piano' -First 1 -NoCache -WarningAction SilentlyContinue).Count
            }
            "found $found"
        }.ToString()

        # Two fleets side by side, each on a key of its own allowing 2 requests per window, so that their start-ups and
        # their waits overlap. Each fleet's processes share a cache folder, where their state file lives.
        $barrier = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'barrier')
        $go = Join-Path $barrier 'go'
        $script:Fleets = @{}
        foreach ($fleet in @{ Count = 2; Searches = 3 }, @{ Count = 4; Searches = 2 }) {
            $fleet.Key = "trackyard_test_rl_proc$($fleet.Count)"
            $fleet.Cache = Join-Path $TestDrive "cache$($fleet.Count)"
            $environment = @{ TRACKYARD_API_KEY = $fleet.Key; XDG_CACHE_HOME = $fleet.Cache; NO_COLOR = '1' }
            $fleet.Runs = @(foreach ($index in 1..$fleet.Count) {
                    $name = "$($fleet.Count)-$index"
                    $arguments = @('pwsh', '-NoProfile', '-NonInteractive', '-File', $runbook, '-ModulePath', $ModulePath, '-Searches', $fleet.Searches,
                        '-Ready', (Join-Path $barrier "ready$name"), '-Go', $go) | ForEach-Object { '"{0}"' -f $_ }
                    $output = Join-Path $barrier "out$name.txt"
                    $errors = Join-Path $barrier "err$name.txt"
                    $process = Start-Process -FilePath 'dotnet' -ArgumentList $arguments -WorkingDirectory $RepoRoot -Environment $environment `
                        -RedirectStandardOutput $output -RedirectStandardError $errors -PassThru
                    [pscustomobject]@{ Process = $process; Output = $output; Error = $errors }
                })
            $Fleets[$fleet.Count] = $fleet
        }

        # An emulator of their own, started while they start, with a window of 1 s to keep the test short.
        $script:FleetEmulator = Start-TrackyardEmulator -ArgumentList @('--minute-seconds', '1', '--day-seconds', '3600')
        foreach ($fleet in $Fleets.Values) {
            Add-TrackyardEmulatorKey $FleetEmulator -Key $fleet.Key -Credits $null -PerMinute 2 -PerDay $null
        }

        $runs = @($Fleets.Values | ForEach-Object { $_.Runs })
        $deadline = [DateTime]::UtcNow.AddSeconds(90)
        while (@(Get-ChildItem -LiteralPath $barrier -Filter 'ready*').Count -lt $runs.Count) {
            if ([DateTime]::UtcNow -gt $deadline -or @($runs | Where-Object { $_.Process.HasExited }).Count) {
                throw "Not every process got ready: $($runs | ForEach-Object { Get-Content -Raw -LiteralPath $_.Error })"
            }
            Start-Sleep -Milliseconds 50
        }
        $script:GoAt = Get-Date
        Set-Content -LiteralPath "$go.tmp" -Value $FleetEmulator.ApiUri
        Move-Item -LiteralPath "$go.tmp" -Destination $go
        foreach ($run in $runs) {
            if (-not $run.Process.WaitForExit(90000)) { throw 'A runbook did not finish within 90 s of go.' }
        }
    }

    AfterAll {
        foreach ($run in @($Fleets.Values | ForEach-Object { $_.Runs })) {
            if (-not $run.Process.HasExited) { Stop-Process -Id $run.Process.Id -Force }
        }
        if ($FleetEmulator) { Stop-TrackyardEmulator $FleetEmulator }
    }

    It 'paces <Count> pwsh processes on a key limited to 2 per window: all succeed, at most one 429 each' -ForEach @(
        @{ Count = 2 }
        @{ Count = 4 }
    ) {
        $fleet = $Fleets[$Count]
        $outputs = @($fleet.Runs | ForEach-Object { "$(Get-Content -Raw -LiteralPath $_.Output)$(Get-Content -Raw -LiteralPath $_.Error)".Trim() })
        @($fleet.Runs | ForEach-Object { $_.Process.ExitCode }) | Should -Be (@(0) * $Count) -Because ($outputs -join "`n")
        $outputs | Should -Be (@("found $($fleet.Searches)") * $Count)

        $suffix = $fleet.Key.Substring($fleet.Key.Length - 4)
        $requests = @(Get-TrackyardEmulatorRequest -Emulator $FleetEmulator | Where-Object key_suffix -EQ $suffix)
        $accepted = @($requests | Where-Object status -EQ 200).Count
        $tooMany = @($requests | Where-Object status -EQ 429).Count
        $times = @($requests | ForEach-Object { [DateTimeOffset]$_.time } | Sort-Object)
        $elapsed = (($fleet.Runs | ForEach-Object { $_.Process.ExitTime } | Measure-Object -Maximum).Maximum - $GoAt).TotalSeconds
        Write-Host ("    {0} processes: {1} requests ({2} accepted, {3} × 429) within {4:0.0} s; {5:0.0} s from go to the last exit" -f `
                $Count, $requests.Count, $accepted, $tooMany, ($times[-1] - $times[0]).TotalSeconds, $elapsed)
        $accepted | Should -Be ($Count * (1 + $fleet.Searches)) -Because 'each process connects once and searches'
        $tooMany | Should -BeLessOrEqual $Count

        if (-not $IsWindows) {
            # The state file is where the README says (under XDG_CACHE_HOME here): one per key, named by a hash, no key in it.
            $files = @(Get-ChildItem -LiteralPath (Join-Path $fleet.Cache 'trackyard/rate-limits'))
            $files.Count | Should -Be 1
            $files[0].Name | Should -Match '^[0-9a-f]{64}\.ratelimit$'
            $content = Get-Content -Raw -LiteralPath $files[0].FullName
            $content | Should -Match 'count \d+ '
            $content | Should -Not -Match 'rl_proc'
        }
    }
}
