# Spending fewer credits, against the emulator: the spending limit (across parallel runspaces), the search cache,
# free previews and the closing "what did this cost" line. Every test proves the credits with the emulator's own
# GET /me before and after, and its request log.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-TestServer
    $script:Emulator = Start-TrackyardEmulator
    $script:ModulePath = Join-Path $RepoRoot 'out/Trackyard/Trackyard.psd1'

    function New-CreditKey {
        # A key of its own per test, with 100 credits and no rate limits, so that only credits matter.
        param([string] $Key)
        Add-TrackyardEmulatorKey $Emulator -Key $Key -Tier 'starter' -Credits 100 -PerMinute $null -PerDay $null
        $Key
    }

    function Get-ServerCredit {
        # The credits the emulator says the key has left: GET /me, sent without the module.
        param([string] $Key)
        (Invoke-RestMethod -Uri "$($Emulator.ApiUri)/me" -Headers @{ Authorization = "Bearer $Key" }).credits_remaining
    }

    function Get-ChargedRequest {
        # The key's requests to the charged endpoints in the emulator's log (the log keeps the key's last 4 characters).
        param([string] $Key)
        $suffix = $Key.Substring($Key.Length - 4)
        @(Get-TrackyardEmulatorRequest -Emulator $Emulator |
                Where-Object { $_.key_suffix -eq $suffix -and $_.path -in '/search', '/download-track' })
    }

    function Get-VerboseLine {
        # The verbose lines a command wrote, as strings.
        param([scriptblock] $ScriptBlock)
        @(& $ScriptBlock 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
    }

    function New-TestFolder {
        New-Item -ItemType Directory -Path (Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))) | Select-Object -ExpandProperty FullName
    }
}

AfterAll {
    Disconnect-Trackyard
    Stop-TrackyardEmulator $Emulator
}

Describe 'The spending limit (Connect-Trackyard -CreditLimit)' {
    BeforeEach {
        Reset-TrackyardEmulator $Emulator
    }

    It 'lets 4 parallel runspaces on one connection with a limit of 3 spend exactly 3 credits, then fails every charged call before sending' {
        $key = New-CreditKey 'trackyard_test_cr_par4'
        $before = Get-ServerCredit $key
        $connection = Connect-TestEmulator $Emulator $key -Extra @{ CreditLimit = 3; PassThru = $true }

        $results = 1..4 | ForEach-Object -ThrottleLimit 4 -Parallel {
            Import-Module $using:ModulePath
            $connection = $using:connection
            $runspace = $_
            foreach ($i in 1..3) {
                try {
                    # A query of its own per call, so that no page can come from the search cache.
                    $null = Search-TrackyardTrack "calm piano $runspace $i" -First 1 -Connection $connection -ErrorAction Stop
                    'spent'
                }
                catch {
                    $_.FullyQualifiedErrorId -replace ',.*'
                }
            }
        }

        @($results | Where-Object { $_ -eq 'spent' }).Count | Should -Be 3
        @($results | Where-Object { $_ -eq 'CreditLimitReached' }).Count | Should -Be 9
        $before - (Get-ServerCredit $key) | Should -Be 3 -Because 'the emulator charged exactly three searches'
        (Get-ChargedRequest $key).Count | Should -Be 3 -Because 'nothing beyond the limit was sent'
        $connection.CreditLimit | Should -Be 3
        $connection.CreditsSpent | Should -Be 3
        $connection.CreditsRemaining | Should -Be ($before - 3)

        # Every further charged call, searches and downloads, here or in another runspace, fails without sending.
        $record = Invoke-ForError { Search-TrackyardTrack 'epic trailer' -Connection $connection }
        $record.FullyQualifiedErrorId | Should -BeLike 'CreditLimitReached,*'
        $record.CategoryInfo.Category | Should -Be 'QuotaExceeded'
        $record.Terminating | Should -BeTrue
        $record.Exception.Message | Should -BeLike '*-CreditLimit 3, 3 credits spent*was not sent (no credit spent)*'
        $record.ErrorDetails.RecommendedAction | Should -Match 'Connect-Trackyard again with a higher -CreditLimit'
        $record = Invoke-ForError { Save-TrackyardTrack -Id 'HostileTitle000000000000003' -Path $TestDrive -Connection $connection }
        $record.FullyQualifiedErrorId | Should -BeLike 'CreditLimitReached,*'
        $inParallel = 1..2 | ForEach-Object -Parallel {
            Import-Module $using:ModulePath
            try { $null = Search-TrackyardTrack "tense strings $_" -Connection $using:connection -ErrorAction Stop; 'spent' }
            catch { $_.FullyQualifiedErrorId -replace ',.*' }
        }
        $inParallel | Should -Be @('CreditLimitReached', 'CreditLimitReached')
        (Get-ChargedRequest $key).Count | Should -Be 3
        $before - (Get-ServerCredit $key) | Should -Be 3

        # Free calls are never held back.
        (Get-TrackyardAccount -Connection $connection).CreditsRemaining | Should -Be ($before - 3)
    }

    It 'gives the credit back when the answer is an error (<Case>), so the next call may spend it' -TestCases @(
        @{ Case = 'a 400 to a search'; Fault = @{ Path = '/search'; Status = 400 } }
        @{ Case = 'a 503 to a search, not retried'; Fault = @{ Path = '/search'; Status = 503 } }
        @{ Case = 'a 404 to a download'; Fault = @{ Path = '/download-track'; Status = 404 } }
    ) {
        param($Case, $Fault)
        $key = New-CreditKey "trackyard_test_cr_err$($Fault.Status)"
        $before = Get-ServerCredit $key
        $connection = Connect-TestEmulator $Emulator $key -Extra @{ CreditLimit = 1; PassThru = $true; MaximumRetryCount = 0 }
        Add-TrackyardEmulatorFault $Emulator @Fault

        $record = if ($Fault.Path -eq '/search') {
            Invoke-ForError { Search-TrackyardTrack 'calm piano' -Connection $connection }
        }
        else {
            Invoke-ForError { Save-TrackyardTrack -Id 'HostileTitle000000000000003' -Path $TestDrive -Connection $connection }
        }
        $record.Exception.StatusCode | Should -Be $Fault.Status
        $connection.CreditsSpent | Should -Be 0

        @(Search-TrackyardTrack 'calm piano' -First 1 -Connection $connection).Count | Should -Be 1
        $connection.CreditsSpent | Should -Be 1
        (Invoke-ForError { Search-TrackyardTrack 'epic trailer' -Connection $connection }).FullyQualifiedErrorId | Should -BeLike 'CreditLimitReached,*'
        (Get-ChargedRequest $key).Count | Should -Be 2 -Because 'the failed call and the one that spent the credit'
        $before - (Get-ServerCredit $key) | Should -Be 1
    }
}

Describe 'The search cache' {
    BeforeEach {
        Reset-TrackyardEmulator $Emulator
    }

    It 'answers the same search again with no request and no credit, as fresh objects; -NoCache sends one' {
        $key = New-CreditKey 'trackyard_test_cr_cache'
        $connection = Connect-TestEmulator $Emulator $key -Extra @{ PassThru = $true }
        $first = @(Search-TrackyardTrack 'calm piano' -First 5 -Connection $connection)
        $before = Get-ServerCredit $key

        $verbose = @(Get-VerboseLine { $script:second = @(Search-TrackyardTrack 'Calm  Piano' -First 5 -Connection $connection -Verbose) })

        (Get-ChargedRequest $key).Count | Should -Be 1
        Get-ServerCredit $key | Should -Be $before
        $second.Id | Should -Be $first.Id
        $second.Query | Select-Object -Unique | Should -Be 'Calm  Piano'
        [object]::ReferenceEquals($first[0], $second[0]) | Should -BeFalse
        $verbose -match 'from cache, no credit spent' | Should -Not -BeNullOrEmpty
        $second[0].Title = 'changed by the user'
        (Search-TrackyardTrack 'calm piano' -First 5 -Connection $connection)[0].Title | Should -Be $first[0].Title -Because 'a changed track does not change the cache'

        $fresh = @(Search-TrackyardTrack 'calm piano' -First 5 -Connection $connection -NoCache)
        $fresh.Id | Should -Be $first.Id
        (Get-ChargedRequest $key).Count | Should -Be 2
        $before - (Get-ServerCredit $key) | Should -Be 1
        $connection.CreditsSpent | Should -Be 2
    }

    It 'crosses neither keys nor connections' {
        $keyA = New-CreditKey 'trackyard_test_cr_keyA'
        $keyB = New-CreditKey 'trackyard_test_cr_keyB'
        $a1 = Connect-TestEmulator $Emulator $keyA -Extra @{ PassThru = $true }
        $a2 = Connect-TestEmulator $Emulator $keyA -Extra @{ PassThru = $true }
        $b = Connect-TestEmulator $Emulator $keyB -Extra @{ PassThru = $true }

        $null = Search-TrackyardTrack 'calm piano' -Connection $a1
        $null = Search-TrackyardTrack 'calm piano' -Connection $a2
        $null = Search-TrackyardTrack 'calm piano' -Connection $b
        (Get-ChargedRequest $keyA).Count | Should -Be 2 -Because 'a second connection of the same key has a cache of its own'
        (Get-ChargedRequest $keyB).Count | Should -Be 1 -Because 'another key never gets a page found with the first'

        $null = Search-TrackyardTrack 'calm piano' -Connection $a1
        $null = Search-TrackyardTrack 'calm piano' -Connection $b
        (Get-ChargedRequest $keyA).Count | Should -Be 2
        (Get-ChargedRequest $keyB).Count | Should -Be 1
    }

    It 'is off with -SearchCacheSec 0, and Clear-TrackyardCache empties it' {
        $key = New-CreditKey 'trackyard_test_cr_nocache'
        $off = Connect-TestEmulator $Emulator $key -Extra @{ PassThru = $true; SearchCacheSec = 0 }
        $null = Search-TrackyardTrack 'calm piano' -Connection $off
        $null = Search-TrackyardTrack 'calm piano' -Connection $off
        (Get-ChargedRequest $key).Count | Should -Be 2

        $on = Connect-TestEmulator $Emulator $key -Extra @{ PassThru = $true }
        $on.SearchCacheSec | Should -Be 600
        $null = Search-TrackyardTrack 'calm piano' -Connection $on
        $null = Search-TrackyardTrack 'calm piano' -Connection $on
        (Get-ChargedRequest $key).Count | Should -Be 3
        $cleared = @(Get-VerboseLine { Clear-TrackyardCache -Connection $on -Verbose })
        $cleared[-1] | Should -Match ': 1 page removed\.$'
        $null = Search-TrackyardTrack 'calm piano' -Connection $on
        (Get-ChargedRequest $key).Count | Should -Be 4
    }
}

Describe 'Free previews (Save-TrackyardTrack -Preview)' {
    BeforeEach {
        Reset-TrackyardEmulator $Emulator
        $script:Folder = New-TestFolder
    }

    It 'sends no Authorization header to another host, spends nothing, and names the file as a preview' {
        $key = New-CreditKey 'trackyard_test_cr_prev'
        # A limit of 1, spent by the search: previews are free, so they are never held back.
        $connection = Connect-TestEmulator $Emulator $key -Extra @{ PassThru = $true; CreditLimit = 1 }
        $track = Search-TrackyardTrack 'calm piano' -First 1 -Connection $connection
        $before = Get-ServerCredit $key
        $otherHost = [TrackyardTests.RecordingRelay]::new($Emulator.BaseUri, '127.0.0.2')
        try {
            $track.PreviewUrl = "$($otherHost.BaseUri)/previews/$($track.Id).mp3"
            $file = $track | Save-TrackyardTrack -Preview -Path $Folder -Connection $connection -PassThru

            $file.Name | Should -Be "$($track.Title) (preview).mp3"
            $file.Length | Should -BeGreaterThan 0
            $seen = @($otherHost.Requests)
            $seen.Count | Should -Be 1
            $seen[0].Method | Should -Be 'GET'
            $seen[0].Path | Should -Be "/previews/$($track.Id).mp3"
            $seen[0].CarriedAuthorization | Should -BeFalse -Because 'the key goes only to the base URI''s scheme, host and port'
        }
        finally {
            $otherHost.Dispose()
        }
        Get-ServerCredit $key | Should -Be $before
        (Get-ChargedRequest $key).Count | Should -Be 1 -Because 'only the search; no /download-track'
        $connection.CreditsSpent | Should -Be 1
    }

    It 'sends the key with a preview on the base URI''s own scheme, host and port' {
        $key = New-CreditKey 'trackyard_test_cr_same'
        $sameHost = [TrackyardTests.RecordingRelay]::new($Emulator.BaseUri)
        try {
            $connection = Connect-Trackyard -ApiKey (ConvertTo-TestKey $key) -BaseUri "$($sameHost.BaseUri)/api/external/v1" -PassThru
            $track = [Trackyard.Track]@{ Id = 'HostileTitle000000000000003'; Title = 'Chapter 1'; PreviewUrl = "$($sameHost.BaseUri)/previews/HostileTitle000000000000003.mp3" }
            $file = $track | Save-TrackyardTrack -Preview -Path $Folder -Connection $connection -PassThru

            $file.Name | Should -Be 'Chapter 1 (preview).mp3'
            $preview = @($sameHost.Requests | Where-Object Path -Like '/previews/*')
            $preview.Count | Should -Be 1
            $preview[0].CarriedAuthorization | Should -BeTrue
        }
        finally {
            $sameHost.Dispose()
        }
        (Get-ChargedRequest $key).Count | Should -Be 0
    }

    It 'fails clearly with only an -Id, before anything is sent' {
        $key = New-CreditKey 'trackyard_test_cr_pid'
        $connection = Connect-TestEmulator $Emulator $key -Extra @{ PassThru = $true }
        foreach ($attempt in { Save-TrackyardTrack -Id 'HostileTitle000000000000003' -Preview -Path $Folder -Connection $connection },
            { 'HostileTitle000000000000003' | Save-TrackyardTrack -Preview -Path $Folder -Connection $connection }) {
            $record = Invoke-ForError $attempt
            $record.FullyQualifiedErrorId | Should -BeLike 'InvalidInput,*'
            $record.Terminating | Should -BeTrue
            $record.Exception.Message | Should -Match 'needs Track objects from Search-TrackyardTrack'
        }
        (Get-ChargedRequest $key).Count | Should -Be 0
        @(Get-ChildItem -LiteralPath $Folder -Force).Count | Should -Be 0
    }

    It '-WhatIf says a preview is free and sends nothing' {
        $track = [Trackyard.Track]@{ Id = 'HostileTitle000000000000003'; Title = 'Chapter 1'; PreviewUrl = "$($Emulator.BaseUri)/previews/HostileTitle000000000000003.mp3" }
        Connect-TestEmulator $Emulator (New-CreditKey 'trackyard_test_cr_pwif')
        $run = Invoke-InTestHost { param($Track, $Folder) $Track | Save-TrackyardTrack -Preview -Path $Folder -WhatIf } -ArgumentList $track, $Folder
        $run.HostText | Should -Match ([regex]::Escape("Download the preview of 'Chapter 1' (track HostileTitle000000000000003), free (no credit)"))
        @(Get-ChildItem -LiteralPath $Folder -Force).Count | Should -Be 0
    }
}

Describe 'What did this cost? (the closing verbose line)' {
    BeforeEach {
        Reset-TrackyardEmulator $Emulator
    }

    It 'ends a search with its pages, the credits spent and the credits left' {
        $key = New-CreditKey 'trackyard_test_cr_line'
        Connect-TestEmulator $Emulator $key -Extra @{ CreditLimit = 10 }

        $lines = @(Get-VerboseLine { $null = Search-TrackyardTrack 'calm piano' -First 150 -Verbose })
        $lines[-1] | Should -Be "Search done: 2 pages (0 from the cache), 2 credits spent; $(Get-ServerCredit $key) credits left on the account; 8 of this connection's -CreditLimit 10 left."

        $lines = @(Get-VerboseLine { $null = Search-TrackyardTrack 'calm piano' -First 150 -Verbose })
        $lines[-1] | Should -Be "Search done: 2 pages (2 from the cache), 0 credits spent; $(Get-ServerCredit $key) credits left on the account; 8 of this connection's -CreditLimit 10 left."
    }

    It 'ends a download with its files, the credits spent and the credits left, and -WhatIf with what it would cost' {
        $key = New-CreditKey 'trackyard_test_cr_save'
        Connect-TestEmulator $Emulator $key
        $folder = New-TestFolder
        $tracks = @(Search-TrackyardTrack 'calm piano' -First 2)

        $run = Invoke-InTestHost { param($Tracks, $Folder) $Tracks | Save-TrackyardTrack -Path $Folder -WhatIf -Verbose 4>&1 | ForEach-Object Message } -ArgumentList $tracks, $folder
        $run.Output[-1] | Should -Be "-WhatIf: 2 files would cost 2 credits, 0 credits spent; $(Get-ServerCredit $key) credits left on the account."
        $run.HostText | Should -Match 'What if: .*2 credits|What if: .*1 credit'

        $lines = @(Get-VerboseLine { $tracks | Save-TrackyardTrack -Path $folder -DurationSeconds 10 -Verbose })
        $lines[-1] | Should -Be "Save done: 2 files saved, 2 credits spent; $(Get-ServerCredit $key) credits left on the account."

        $lines = @(Get-VerboseLine { $tracks | Save-TrackyardTrack -Preview -Path $folder -Verbose })
        $lines[-1] | Should -Be "Save done: 2 files (2 previews) saved, 0 credits spent; $(Get-ServerCredit $key) credits left on the account."
        (Get-ChargedRequest $key).Count | Should -Be 3
    }
}
