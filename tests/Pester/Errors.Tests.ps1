BeforeDiscovery {
    # The error table, written once as test data (tests/data/status-table.csv), also read by the xunit suite. A
    # followed redirect becomes a failure only when it cannot be followed (tests/Pester/Hostile.Transport.Tests.ps1).
    $script:StatusRows = Import-Csv -LiteralPath (Join-Path $PSScriptRoot '../data/status-table.csv') |
        Where-Object followed -EQ 'false' |
        ForEach-Object {
            @{ Status = [int]$_.status; Category = $_.category; ErrorId = $_.errorId; Terminates = [bool]::Parse($_.terminating); Advice = $_.adviceMentions }
        }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Emulator = Start-TrackyardEmulator
    $script:DocsProfile = $Emulator.Profile -eq 'docs'

    function Get-SearchErrors {
        # Pipes two queries through a failing search and returns what happened to each.
        $global:Error.Clear()
        $terminating = $null
        try {
            # Retries are not what this suite is about (RateLimit.Tests.ps1): no waits for the transient statuses.
            $null = 'first', 'second' | Search-TrackyardTrack -First 1 -MaximumRetryCount 0 -ErrorAction SilentlyContinue
        }
        catch {
            $terminating = $_
        }
        $records = @($global:Error | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        [pscustomobject]@{ Terminating = $terminating; Records = $records }
    }
}

AfterAll {
    Disconnect-Trackyard
    Stop-TrackyardEmulator $Emulator
}

Describe 'API failures become ErrorRecords (one row of the table each)' {
    BeforeEach {
        Reset-TrackyardEmulator $Emulator
        Connect-TestEmulator $Emulator 'trackyard_test_pro'
    }

    # SameInBothProfiles: the fault sets the whole body, so the docs profile would answer exactly the same.
    It 'maps HTTP <Status> to <Category> / <ErrorId>, terminating: <Terminates>' -Tag 'SameInBothProfiles' -TestCases $StatusRows {
        param($Status, $Category, $ErrorId, $Terminates, $Advice)
        if ($Status -eq 429) {
            # A 429 holds its key back in the whole process until Retry-After has passed (the shared cooldown), so
            # this row gets a key of its own and later tests can go on using trackyard_test_pro.
            Add-TrackyardEmulatorKey $Emulator -Key 'trackyard_test_errors_429' -Tier 'pro' -Credits $null -PerMinute $null -PerDay $null
            Connect-TestEmulator $Emulator 'trackyard_test_errors_429'
        }
        $body = '{"error":"Probe","message":"The API says no","code":"probe_code","request_id":"req-probe-1"}'
        # Enough faults that retries cannot get past them, so every attempt of both queries fails. Retry-After only
        # on the 429 (where it is checked): on a 5xx the module honours it, and 7 s per retry would only slow this down.
        $headers = if ($Status -eq 429) { @{ 'Retry-After' = '7' } } else { @{} }
        Add-TrackyardEmulatorFault $Emulator -Path '/search' -Status $Status -Times 20 -BodyText $body -ContentType 'application/json' -Headers $headers

        $result = Get-SearchErrors
        if ($Terminates) {
            $result.Terminating | Should -Not -BeNullOrEmpty
            $record = $result.Terminating
            @($result.Records | Where-Object TargetObject -EQ 'second').Count | Should -Be 0 -Because 'the pipeline stopped at the first query'
        }
        else {
            $result.Terminating | Should -BeNullOrEmpty
            $result.Records.TargetObject | Should -Contain 'second' -Because 'the pipeline went on to the next query'
            $record = $result.Records | Where-Object TargetObject -EQ 'first' | Select-Object -First 1
        }
        $record.FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        $record.CategoryInfo.Category | Should -Be $Category
        $record.TargetObject | Should -Be 'first'
        $record.ErrorDetails.Message | Should -Match 'The API says no'
        $record.ErrorDetails.RecommendedAction | Should -Match ([regex]::Escape($Advice))
        $exception = $record.Exception
        $exception | Should -BeOfType ([Trackyard.TrackyardApiException])
        $exception.StatusCode | Should -Be $Status
        $exception.ErrorCode | Should -Be 'probe_code'
        $exception.ApiError | Should -Be 'Probe'
        $exception.ApiMessage | Should -Be 'The API says no'
        $exception.RequestId | Should -Be 'req-probe-1'
        if ($Status -eq 429) { $exception.RetryAfter | Should -Be ([TimeSpan]::FromSeconds(7)) }
    }

    It 'reads the real 404 of an unknown track: status, kind and the API''s message' {
        $record = Invoke-ForError { Save-TrackyardTrack -Id 'NoSuchTrack0000000000000000' -Path $TestDrive }
        $record.FullyQualifiedErrorId | Should -BeLike 'NotFound,*'
        $record.Exception.StatusCode | Should -Be 404
        $record.Exception.ApiMessage | Should -Be 'Track not found'
    }

    It 'reads the emulator''s request id and error code from a real 404' {
        if ($DocsProfile) {
            Set-ItResult -Skipped -Because 'the docs profile sends neither X-Request-Id nor code/request_id in a 404 body (the public docs promise none)'
            return
        }
        $record = Invoke-ForError { Save-TrackyardTrack -Id 'NoSuchTrack0000000000000000' -Path $TestDrive }
        $record.Exception.ErrorCode | Should -Be 'not_found'
        $record.Exception.RequestId | Should -Match '^req_[0-9a-f]{16}$'
    }

    It 'reads the real 402 of a key without credits' {
        Connect-TestEmulator $Emulator 'trackyard_test_nocredits'
        $result = Get-SearchErrors
        $result.Terminating.FullyQualifiedErrorId | Should -BeLike 'OutOfCredits,*'
        $result.Terminating.CategoryInfo.Category | Should -Be 'QuotaExceeded'
        $result.Terminating.ErrorDetails.RecommendedAction | Should -Match 'upgrade'
    }

    It 'understands every body shape of the contract' -TestCases @(
        @{ Body = '{"error": "Unauthorized", "message": "Invalid API key"}'; Message = 'Invalid API key'; Code = $null }
        @{ Body = '{"error": "hit_point_seconds requires duration_seconds", "code": "invalid_parameters"}'; Message = 'hit_point_seconds requires duration_seconds'; Code = 'invalid_parameters' }
        @{ Body = '{"error": "Invalid API key", "code": "unauthorized"}'; Message = 'Invalid API key'; Code = 'unauthorized' }
    ) {
        param($Body, $Message, $Code)
        Add-TrackyardEmulatorFault $Emulator -Path '/search' -Status 404 -BodyText $Body -ContentType 'application/json'
        $record = Invoke-ForError { Search-TrackyardTrack 'shape' }
        $record.Exception.ApiMessage | Should -Be $Message
        $record.Exception.ErrorCode | Should -Be $Code
        $record.ErrorDetails.Message | Should -Match ([regex]::Escape($Message))
    }

    It 'understands an HTML error page from a proxy and an empty body' -TestCases @(
        @{ Body = 'html' }
        @{ Body = 'empty' }
    ) {
        param($Body)
        Add-TrackyardEmulatorFault $Emulator -Path '/search' -Status 404 -Body $Body
        $record = Invoke-ForError { Search-TrackyardTrack 'proxy' }
        $record.FullyQualifiedErrorId | Should -BeLike 'NotFound,*'
        $record.Exception.StatusCode | Should -Be 404
        $record.ErrorDetails.Message | Should -Not -BeNullOrEmpty
        $record.ErrorDetails.Message | Should -Not -Match '<html'
    }

    It 'maps an unreadable success body to InvalidResponse' -TestCases @(
        @{ Body = 'invalid-json'; Text = $null }
        @{ Body = 'json'; Text = '{"tracks": [{"id": "x", "bpm": "fast"}], "credits_remaining": 1}' }
        @{ Body = 'json'; Text = '<html><body>Welcome to the captive portal</body></html>' }
    ) {
        param($Body, $Text)
        $fault = @{ Path = '/search'; Status = 200; Body = $Body; ContentType = 'application/json' }
        if ($Text) { $fault.BodyText = $Text }
        Add-TrackyardEmulatorFault $Emulator @fault
        $record = Invoke-ForError { Search-TrackyardTrack 'garbled' }
        $record.FullyQualifiedErrorId | Should -BeLike 'InvalidResponse,*'
        $record.CategoryInfo.Category | Should -Be 'InvalidResult'
        $record.Terminating | Should -BeFalse
    }

    # SameInBothProfiles: no answer arrives in time, whatever the profile.
    It 'maps a timeout to OperationTimeout / Timeout' -Tag 'SameInBothProfiles' {
        Connect-TestEmulator $Emulator 'trackyard_test_pro' -Extra @{ TimeoutSec = 1 }
        Add-TrackyardEmulatorFault $Emulator -Path '/search' -Status 200 -DelayMs 4000 -Times 5
        $record = Invoke-ForError { Search-TrackyardTrack 'slow' }
        $record.FullyQualifiedErrorId | Should -BeLike 'Timeout,*'
        $record.CategoryInfo.Category | Should -Be 'OperationTimeout'
        $record.Terminating | Should -BeFalse
    }

    # SameInBothProfiles: nothing answers at all.
    It 'maps a refused connection to ConnectionError / ConnectionFailed' -Tag 'SameInBothProfiles' {
        $second = Start-TrackyardEmulator
        $connection = Connect-Trackyard -ApiKey (ConvertTo-TestKey 'trackyard_test_pro') -BaseUri $second.ApiUri -PassThru
        Stop-TrackyardEmulator $second
        $record = Invoke-ForError { Search-TrackyardTrack 'nobody home' -Connection $connection -WarningAction SilentlyContinue }
        $record.FullyQualifiedErrorId | Should -BeLike 'ConnectionFailed,*'
        $record.CategoryInfo.Category | Should -Be 'ConnectionError'
        $record.TargetObject | Should -Be 'nobody home'
    }

    It 'lets -ErrorAction Stop and a typed catch work as users expect' {
        # The emulator's own 400 body in either profile: both carry the code invalid_parameters.
        Add-TrackyardEmulatorFault $Emulator -Path '/search' -Status 400
        $caught = $null
        try {
            Search-TrackyardTrack 'x' -ErrorAction Stop
        }
        catch [Trackyard.TrackyardApiException] {
            $caught = $_
        }
        $caught | Should -Not -BeNullOrEmpty
        $caught.Exception.StatusCode | Should -Be 400
        $caught.Exception.ErrorCode | Should -Be 'invalid_parameters'
    }

    It 'waits out a 429 with -RetryOnRateLimit, says so on the warning stream, and succeeds' {
        Add-TrackyardEmulatorFault $Emulator -Path '/search' -Status 429 -Headers @{ 'Retry-After' = '1' }
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $all = Search-TrackyardTrack 'calm piano' -First 2 -RetryOnRateLimit 3>&1
        $watch.Stop()
        @($all | Where-Object { $_ -is [Trackyard.Track] }).Count | Should -Be 2
        $warnings = @($all | Where-Object { $_ -is [System.Management.Automation.WarningRecord] })
        $warnings.Count | Should -Be 1
        $warnings[0].Message | Should -Match 'Rate limited by Trackyard \(HTTP 429\); retrying in \d+ s \(retry 1; at most 300 s of waiting in all'
        $watch.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 1
        $searches = @(Get-ApiRequest $Emulator '/search')
        $searches.Count | Should -Be 2
        ([DateTimeOffset]$searches[1].time - [DateTimeOffset]$searches[0].time).TotalSeconds | Should -BeGreaterOrEqual 1
    }

    It 'names the track in what the console shows, so two failed downloads read differently (HTTP <Status>)' -TestCases @(
        @{ Status = 404; Key = 'trackyard_test_pro' }
        @{ Status = 403; Key = 'trackyard_test_searchonly' }
    ) {
        Connect-TestEmulator $Emulator $Key
        $global:Error.Clear()
        'AAAAAAAAAAAAAAAAAAAAAAAAAA1', 'AAAAAAAAAAAAAAAAAAAAAAAAAA2' | Save-TrackyardTrack -Path $TestDrive -ErrorAction SilentlyContinue
        $shown = @($global:Error | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } | ForEach-Object { $_.ErrorDetails.Message })

        $shown.Count | Should -Be 2
        $shown[0] | Should -Not -Be $shown[1]
        $shown -join "`n" | Should -Match "AAAAAAAAAAAAAAAAAAAAAAAAAA1"
        $shown -join "`n" | Should -Match "AAAAAAAAAAAAAAAAAAAAAAAAAA2"
        if ($Status -eq 403) {
            $global:Error[0].ErrorDetails.RecommendedAction | Should -Not -Match 'paid plan'
        }
    }

    It 'shows why a rate-limit retry was refused, and recommends what fits' {
        Add-TrackyardEmulatorKey $Emulator -Key 'trackyard_test_errors_600' -Tier 'pro' -Credits $null -PerMinute $null -PerDay $null
        Connect-TestEmulator $Emulator 'trackyard_test_errors_600'
        Add-TrackyardEmulatorFault $Emulator -Path '/search' -Status 429 -Headers @{ 'Retry-After' = '600' }
        $record = Invoke-ForError { Search-TrackyardTrack 'calm piano' -RetryOnRateLimit }

        $record.ErrorDetails.Message | Should -Match 'Not waiting 600 s: that is more than -MaximumRetryWaitSec allows \(300 s\)'
        $record.ErrorDetails.RecommendedAction | Should -Match 'MaximumRetryWaitSec'
        $record.ErrorDetails.RecommendedAction | Should -Not -Match 'use -RetryOnRateLimit'

        # The key is now held back: the next call fails without sending, says so, and carries no API message.
        $held = Invoke-ForError { Search-TrackyardTrack 'calm piano' }
        $held.Exception.ApiMessage | Should -BeNullOrEmpty
        $held.ErrorDetails.Message | Should -Match 'was not sent'
        $held.ErrorDetails.RecommendedAction | Should -Match 'RetryOnRateLimit'
        @(Get-ApiRequest $Emulator '/search').Count | Should -Be 1
    }
}
