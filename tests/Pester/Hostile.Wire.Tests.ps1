# Hostile conditions, second round: what the server sends back (an echoed key, compressed audio, oversized headers,
# a connection dropped after the request arrived, terminal control characters, waits no window can mean) against the
# real emulator. Each case proves the credits too: the emulator's request log or /me shows what was charged.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-TestServer
    $script:Emulator = Start-TrackyardEmulator
    $script:Folder = Join-Path $TestDrive 'downloads'
    New-Item -ItemType Directory -Path $Folder | Out-Null

    # A key of our own, in mixed case, distinctive enough that finding it anywhere, in any case, is a leak.
    $script:Secret = 'trackyard_live_MiXeD' + [guid]::NewGuid().ToString('n').Substring(0, 12)

    function Get-Everything {
        # Runs a script block with every stream on, under a transcript, and returns all the text a user could see:
        # the streams, every ErrorRecord with its exception chain, and the transcript.
        param([scriptblock] $ScriptBlock)
        $transcript = Join-Path $TestDrive ("transcript-" + [guid]::NewGuid().ToString('n') + '.txt')
        $global:Error.Clear()
        $null = Start-Transcript -LiteralPath $transcript
        try {
            $streams = & { try { & $ScriptBlock } catch { $_ } } *>&1 | Out-String -Width 500
        }
        finally {
            $null = Stop-Transcript
        }
        $errors = foreach ($record in $global:Error) {
            if ($record -is [System.Management.Automation.ErrorRecord]) {
                $record | Format-List * -Force | Out-String -Width 500
                $record.Exception.ToString()
                $record.Exception | Format-List * -Force | Out-String -Width 500
                $record.ErrorDetails | Format-List * | Out-String -Width 500
            }
            else { "$record" }
        }
        $streams + ($errors -join "`n") + (Get-Content -Raw -LiteralPath $transcript)
    }

    function Get-Credits([string] $Key) {
        $connection = Connect-Trackyard -ApiKey (ConvertTo-TestKey $Key) -BaseUri $Emulator.ApiUri -ReturnConnection
        (Get-TrackyardAccount -Connection $connection).CreditsRemaining
    }
}

AfterAll {
    Disconnect-Trackyard
    Stop-TrackyardEmulator $Emulator
}

Describe 'A key the server reflects is redacted everywhere' {
    BeforeEach {
        Disconnect-Trackyard
        Reset-TrackyardEmulator $Emulator
        Add-TrackyardEmulatorKey $Emulator -Key $Secret -Tier 'pro' -Credits 1000 -PerMinute $null -PerDay $null
        Connect-TestEmulator $Emulator $Secret
    }

    It 'in <Case> of a <Status> to <Path>' -TestCases @(
        @{ Case = 'the reason phrase'; Path = '/search'; Status = 400; Shown = $true; Fault = @{ Reason = 'Bad key {key}' } }
        @{ Case = 'the reason phrase, in upper case'; Path = '/me'; Status = 403; Shown = $true; Fault = @{ Reason = 'NOPE {KEY}' } }
        @{ Case = 'the Content-Type'; Path = '/download-track'; Status = 404; Shown = $false; Fault = @{ ContentType = 'application/json; key={key}'; BodyText = '{"error":"Not Found","message":"no such track"}' } }
        @{ Case = 'JSON strings of the body'; Path = '/search'; Status = 401; Shown = $true; Fault = @{ ContentType = 'application/json'; BodyText = '{"error":"Unauthorized {key}","message":"Your key {KEY} is wrong","code":"{key}","request_id":"req-{key}"}' } }
        @{ Case = 'the X-Request-Id header'; Path = '/me'; Status = 500; Shown = $true; Fault = @{ Body = 'empty'; Headers = @{ 'X-Request-Id' = 'req-{key}' } } }
        @{ Case = 'a 200 that is not audio, named by its Content-Type'; Path = '/download-track'; Status = 200; Shown = $true; Fault = @{ ContentType = 'text/{key}'; BodyText = 'oops' } }
    ) {
        Add-TrackyardEmulatorFault $Emulator -Path $Path -Status $Status -Times 5 @Fault
        $everything = Get-Everything {
            switch ($Path) {
                '/search' { Search-TrackyardTrack 'calm piano' -Verbose -Debug -MaximumRetryCount 0 -ErrorAction Continue }
                '/me' { Get-TrackyardAccount -Verbose -Debug -MaximumRetryCount 0 -WarningAction Continue -ErrorAction Continue }
                '/download-track' { Save-TrackyardTrack -Id 'AAAAAAAAAAAAAAAAAAAAAAAAAAA' -Path $Folder -Verbose -Debug -MaximumRetryCount 0 -ErrorAction Continue }
            }
        }

        $everything.Length | Should -BeGreaterThan 500 -Because 'the run must have produced real output to inspect'
        if ($Shown) { $everything | Should -Match '\[key …' -Because 'the reflected key is shown, redacted' }
        $everything | Should -Not -Match ([regex]::Escape($Secret)) -Because 'the key must not appear in any case'
        $global:Error[0].Exception.ApiMessage | Should -Not -Match ([regex]::Escape($Secret))
    }

    It 'in the file name a download suggests' {
        Add-TrackyardEmulatorFault $Emulator -Path '/download-track' -Status 200 -ContentType 'audio/mpeg' -BodyText 'ID3 fake audio' `
            -Headers @{ 'Content-Disposition' = 'attachment; filename="{key}.mp3"' }
        $file = Save-TrackyardTrack -Id 'AAAAAAAAAAAAAAAAAAAAAAAAAAA' -Path $Folder -PassThru

        $file.Name | Should -Not -Match ([regex]::Escape($Secret))
        $file.Name | Should -Match '^\[key …'
        Get-ChildItem -LiteralPath $Folder -Force | ForEach-Object Name | Should -Not -Match ([regex]::Escape($Secret))
    }
}

Describe 'Audio is never decompressed' {
    BeforeEach {
        Disconnect-Trackyard
        Reset-TrackyardEmulator $Emulator
        Connect-TestEmulator $Emulator 'trackyard_test_pro'
        Get-ChildItem -LiteralPath $Folder -Force | Remove-Item -Force
    }

    It 'refuses a download answered with Content-Encoding: gzip (<Case>) without writing a byte' -TestCases @(
        @{ Case = 'compressed length announced'; Extra = @{ GzipContentLength = $true } }
        @{ Case = 'chunked'; Extra = @{} }
    ) {
        # 1 GB of audio in about 1 MB on the wire.
        Add-TrackyardEmulatorFault $Emulator -Path '/download-track' -Status 200 -GzipExpandBytes 1GB @Extra
        $record = Invoke-ForError { Save-TrackyardTrack -Id 'AAAAAAAAAAAAAAAAAAAAAAAAAAA' -Path $Folder }

        $record.FullyQualifiedErrorId | Should -BeLike 'InvalidResponse*'
        $record.Exception.Message | Should -Match 'Content-Encoding: gzip'
        @(Get-ChildItem -LiteralPath $Folder -Force).Count | Should -Be 0 -Because 'nothing, not even a temporary file, is left'
        Wait-ApiRequest $Emulator '/download-track' 1 | Should -Be 1
    }

    It 'asks for no compression on any request' {
        $relay = [TrackyardTests.RecordingRelay]::new($Emulator.BaseUri)
        try {
            Connect-Trackyard -ApiKey (ConvertTo-TestKey 'trackyard_test_pro') -BaseUri $relay.BaseUri
            $null = Search-TrackyardTrack 'calm piano' -First 1
            $null = Save-TrackyardTrack -Id (Search-TrackyardTrack 'calm piano' -First 1 -NoCache).Id -Path $Folder -DurationSeconds 10
            $relay.Requests.Count | Should -BeGreaterOrEqual 4
            foreach ($request in $relay.Requests) {
                $request.Headers.ContainsKey('Accept-Encoding') | Should -BeFalse -Because "$($request.Method) $($request.Path) must not ask for compression"
            }
        }
        finally {
            $relay.Dispose()
        }
    }
}

Describe 'A charged POST is never sent twice for one call' {
    BeforeEach {
        Disconnect-Trackyard
        Reset-TrackyardEmulator $Emulator
        Connect-TestEmulator $Emulator 'trackyard_test_pro'
        Get-ChildItem -LiteralPath $Folder -Force | Remove-Item -Force
    }

    It '<Path>: <Case>' -TestCases @(
        @{ Path = '/search'; Case = 'the connection dropped after the request arrived'; Fault = @{ AbortBeforeHeaders = $true } }
        @{ Path = '/download-track'; Case = 'the connection dropped after the request arrived'; Fault = @{ AbortBeforeHeaders = $true } }
        @{ Path = '/search'; Case = 'response headers too large to read'; Fault = @{ Status = 200; HeaderBytes = 200000 } }
        @{ Path = '/download-track'; Case = 'response headers too large to read'; Fault = @{ Status = 200; HeaderBytes = 200000 } }
        @{ Path = '/search'; Case = 'the body broke off'; Fault = @{ Status = 200; Body = 'truncated'; BodyText = '{"tracks":[{"id":"x"}],"credits_remaining":5}'; ContentType = 'application/json' } }
    ) {
        Add-TrackyardEmulatorFault $Emulator -Path $Path -Times 5 @Fault
        $script:Sent = @()
        $record = Invoke-ForError {
            $script:Sent = @(& {
                    if ($Path -eq '/search') { Search-TrackyardTrack 'calm piano' -RetryOnRateLimit -Verbose }
                    else { Save-TrackyardTrack -Id 'AAAAAAAAAAAAAAAAAAAAAAAAAAA' -Path $Folder -RetryOnRateLimit -Verbose }
                } 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match ': sending$' })
        }

        $record | Should -Not -BeNullOrEmpty
        $record.Exception | Should -BeOfType ([Trackyard.TrackyardApiException])
        $record.Exception.MayHaveReachedService | Should -BeTrue
        $record.Exception.Message | Should -Match 'may have (cost|reached)'
        $Sent.Count | Should -Be 1 -Because 'the module sent the request once'
        Wait-ApiRequest $Emulator $Path 1 | Should -Be 1 -Because 'a request that may have been charged is not sent again'
        @(Get-ChildItem -LiteralPath $Folder -Force).Count | Should -Be 0
    }

    It 'sends a free GET /me again after the connection dropped' {
        Add-TrackyardEmulatorFault $Emulator -Path '/me' -AbortBeforeHeaders
        (Get-TrackyardAccount -WarningAction SilentlyContinue).Tier | Should -Be 'pro'
        Wait-ApiRequest $Emulator '/me' 3 | Should -Be 3 -Because 'the connect, the dropped one and its retry'
    }

    It 'says a refused connection never reached the service' {
        $closed = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $closed.Start(); $port = $closed.LocalEndpoint.Port; $closed.Stop()
        # That such a request is retried, even a charged one, is covered with a stub in xunit.
        $record = Invoke-ForError { Connect-Trackyard -ApiKey (ConvertTo-TestKey 'trackyard_test_pro') -BaseUri "http://127.0.0.1:$port/api/external/v1" -MaximumRetryCount 0 }
        $record.FullyQualifiedErrorId | Should -BeLike 'ConnectionFailed*'
        $record.Exception.MayHaveReachedService | Should -BeFalse
    }
}

Describe 'Text from the server or the user cannot drive the terminal' {
    BeforeEach {
        Disconnect-Trackyard
        Reset-TrackyardEmulator $Emulator
        Connect-TestEmulator $Emulator 'trackyard_test_pro'
    }

    It 'escapes control characters in <Case>' -TestCases @(
        @{ Case = 'a track id given by the user'; Fault = $null }
        @{ Case = 'the API message'; Fault = @{ Status = 404; ContentType = 'application/json'; BodyText = "{`"error`":`"Not Found`",`"message`":`"gone \u001b]0;pwned\u0007 \u001b[2J \u202Eevil`"}" } }
    ) {
        if ($Fault) { Add-TrackyardEmulatorFault $Emulator -Path '/download-track' @Fault }
        $id = "trk`e]0;pwned`a`e[2J"
        $everything = Get-Everything { Save-TrackyardTrack -Id $id -Path $Folder -Verbose -ErrorAction Continue }

        $everything | Should -Match 'pwned'
        $everything | Should -Not -Match "[`e`a`u{202E}]"
    }

    It 'escapes control characters in the ids and titles of tracks the server sends' {
        $body = '{"tracks":[{"id":"trk\u001b[2J1","title":"Title \u001b]0;pwned\u0007 \u202Eevil","artist":"A"}],"credits_remaining":5}'
        Add-TrackyardEmulatorFault $Emulator -Path '/search' -Status 200 -ContentType 'application/json' -BodyText $body
        $run = Invoke-InTestHost { param($Folder) Search-TrackyardTrack 'calm piano' | Save-TrackyardTrack -Path $Folder -WhatIf } -ArgumentList $Folder

        $run.HostText | Should -Match 'What if: .*pwned'
        $run.HostText | Should -Not -Match "[`e`a`u{202E}]"
    }
}

Describe 'Waits that no window can mean' {
    BeforeEach {
        Disconnect-Trackyard
        Reset-TrackyardEmulator $Emulator
    }

    It 'does not let a year-long Retry-After hold the key: it warns and backs off instead' {
        $key = 'trackyard_test_wire_year'
        Add-TrackyardEmulatorKey $Emulator -Key $key -Tier 'pro' -Credits 100 -PerMinute $null -PerDay $null
        Connect-TestEmulator $Emulator $key
        Add-TrackyardEmulatorFault $Emulator -Path '/search' -Status 429 -Headers @{ 'Retry-After' = '31536000' }

        $all = Search-TrackyardTrack 'calm piano' -First 1 -RetryOnRateLimit 3>&1
        @($all | Where-Object { $_ -is [Trackyard.Track] }).Count | Should -Be 1
        $warnings = @(@($all | Where-Object { $_ -is [System.Management.Automation.WarningRecord] }).Message)
        @($warnings -match 'Retry-After: 31536000.*ignores it').Count | Should -Be 1
        @($warnings -match 'retrying in [12] s').Count | Should -Be 1 -Because 'it backs off as for a garbage value'
        @(Get-ApiRequest $Emulator '/search').Count | Should -Be 2
    }

    It 'says "retrying in 1 s" for Retry-After: 0, which is what it does' {
        Connect-TestEmulator $Emulator 'trackyard_test_pro'
        Add-TrackyardEmulatorFault $Emulator -Path '/search' -Status 429 -Headers @{ 'Retry-After' = '0' }
        $all = Search-TrackyardTrack 'calm piano' -First 1 -RetryOnRateLimit 3>&1
        $warning = @($all | Where-Object { $_ -is [System.Management.Automation.WarningRecord] })[0].Message
        $warning | Should -Match 'retrying in 1 s'
        $warning | Should -Not -Match 'after 0 s'
    }

    It 'sends Connect-Trackyard''s check even while the key is held back, and a 200 clears the hold' {
        $key = 'trackyard_test_wire_day'
        Add-TrackyardEmulatorKey $Emulator -Key $key -Tier 'pro' -Credits 100 -PerMinute $null -PerDay $null
        Connect-TestEmulator $Emulator $key
        # A day-long cooldown: the longest wait a window can mean, so it is honoured...
        Add-TrackyardEmulatorFault $Emulator -Path '/search' -Status 429 -Headers @{ 'Retry-After' = '86400' }
        $null = Invoke-ForError { Search-TrackyardTrack 'calm piano' }
        $held = Invoke-ForError { Search-TrackyardTrack 'calm piano' }
        $held.FullyQualifiedErrorId | Should -BeLike 'RateLimited*'
        $held.Exception.MayHaveReachedService | Should -BeFalse
        $held.Exception.ApiMessage | Should -BeNullOrEmpty
        $held.ErrorDetails.Message | Should -Match 'not sent'
        @(Get-ApiRequest $Emulator '/search').Count | Should -Be 1

        # ...until the user checks the key: the answer replaces what the process believed.
        Connect-TestEmulator $Emulator $key
        @(Get-ApiRequest $Emulator '/me').Count | Should -Be 2
        @(Search-TrackyardTrack 'calm piano' -First 1).Count | Should -Be 1
    }

    It 'takes a fresh hold from Connect-Trackyard''s own 429' {
        $key = 'trackyard_test_wire_fresh'
        Add-TrackyardEmulatorKey $Emulator -Key $key -Tier 'pro' -Credits 100 -PerMinute $null -PerDay $null
        Connect-TestEmulator $Emulator $key
        Add-TrackyardEmulatorFault $Emulator -Path '/me' -Status 429 -Headers @{ 'Retry-After' = '600' }
        $record = Invoke-ForError { Connect-TestEmulator $Emulator $key }
        $record.FullyQualifiedErrorId | Should -BeLike 'RateLimited*'
        $held = Invoke-ForError { Search-TrackyardTrack 'calm piano' }
        $held.Exception.RetryAfter.TotalSeconds | Should -BeGreaterThan 590
        @(Get-ApiRequest $Emulator '/search').Count | Should -Be 0
    }
}
