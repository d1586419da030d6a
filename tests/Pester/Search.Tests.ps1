BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Emulator = Start-TrackyardEmulator
}

AfterAll {
    Disconnect-Trackyard
    Stop-TrackyardEmulator $Emulator
}

Describe 'Search-TrackyardTrack' {
    BeforeEach {
        Reset-TrackyardEmulator $Emulator
        Connect-TestEmulator $Emulator 'trackyard_test_pro'
        Reset-TrackyardEmulator $Emulator   # the request log now holds only what the test sends
    }

    It 'returns one page of 20 typed tracks by default with every property filled' {
        $tracks = @(Search-TrackyardTrack 'upbeat electronic for a tech demo')
        $tracks.Count | Should -Be 20
        $tracks[0] | Should -BeOfType ([Trackyard.Track])
        foreach ($track in $tracks) {
            $track.Id | Should -Match '^[0-9A-Za-z]{27}$'
            $track.Title | Should -Not -BeNullOrEmpty
            $track.Artist | Should -Not -BeNullOrEmpty
            $track.DurationSeconds | Should -BeGreaterThan 0
            $track.Duration | Should -Be ([TimeSpan]::FromSeconds($track.DurationSeconds))
            $track.Bpm | Should -BeGreaterOrEqual 40
            $track.Bpm | Should -BeLessOrEqual 200
            $track.Key | Should -Match '^[A-G][#b]? (major|minor)$'
            $track.Genre | Should -Not -BeNullOrEmpty
            $track.Moods.Count | Should -BeGreaterThan 0
            $track.HasVocals | Should -BeIn @($true, $false)
            $track.EnergyLevel | Should -BeIn @('low', 'medium', 'high')
            $track.Instruments.Count | Should -BeGreaterThan 0
            $track.PreviewUrl | Should -Match '^http'
            $track.Query | Should -Be 'upbeat electronic for a tech demo'
        }
        $requests = @(Get-ApiRequest $Emulator '/search')
        $requests.Count | Should -Be 1
    }

    It 'takes queries from the pipeline by value, one request each, and tags each track with its query' {
        $tracks = @('calm piano', 'dark cinematic strings' | Search-TrackyardTrack -First 3)
        $tracks.Count | Should -Be 6
        ($tracks.Query | Select-Object -Unique) | Should -Be @('calm piano', 'dark cinematic strings')
        @(Get-ApiRequest $Emulator '/search').Count | Should -Be 2
    }

    It 'takes the query from the pipeline by property name' {
        $tracks = @([pscustomobject]@{ Query = 'happy acoustic guitar' } | Search-TrackyardTrack -First 2)
        $tracks.Count | Should -Be 2
        $tracks[0].Query | Should -Be 'happy acoustic guitar'
    }

    It 'filters by genre, mood, instrument, energy, tempo and vocals' {
        $tracks = @(Search-TrackyardTrack 'upbeat electronic house' -Genre Electronic, House -Mood Upbeat -EnergyLevel high -MinBpm 100 -MaxBpm 150 -Instrumental -First 50)
        $tracks.Count | Should -BeGreaterThan 0
        foreach ($track in $tracks) {
            $track.Genre | Should -BeIn @('Electronic', 'House')
            $track.Moods | Should -Contain 'Upbeat'
            $track.EnergyLevel | Should -Be 'high'
            $track.Bpm | Should -BeGreaterOrEqual 100
            $track.Bpm | Should -BeLessOrEqual 150
            $track.HasVocals | Should -BeFalse
        }
        $withVocals = @(Search-TrackyardTrack 'piano songs' -WithVocals -Instrument piano -First 20)
        $withVocals.Count | Should -BeGreaterThan 0
        $withVocals | ForEach-Object { $_.HasVocals | Should -BeTrue; $_.Instruments | Should -Contain 'piano' }
    }

    It 'pages with -First: pages of up to 100, offsets in order, and stops at enough tracks' {
        $tracks = @(Search-TrackyardTrack 'ambient' -First 250)
        $tracks.Count | Should -Be 250
        @($tracks.Id | Select-Object -Unique).Count | Should -Be 250
        @(Get-ApiRequest $Emulator '/search').Count | Should -Be 3
        $credits = (Get-TrackyardAccount).CreditsRemaining
        $credits | Should -Be (50000 - 3)
    }

    It 'asks for the right offsets: -First 250 returns exactly pages 0-99, 100-199 and 200-249' {
        $paged = @(Search-TrackyardTrack 'ambient' -First 250)
        $expected = @(
            Search-TrackyardTrack 'ambient' -Skip 0 -First 100
            Search-TrackyardTrack 'ambient' -Skip 100 -First 100
            Search-TrackyardTrack 'ambient' -Skip 200 -First 50
        )
        $paged.Id | Should -Be $expected.Id
    }

    It 'says with -IncludeTotalCount that the API does not report a total' {
        $output = @(Search-TrackyardTrack 'ambient' -First 3 -IncludeTotalCount)
        $output.Count | Should -Be 4
        @($output | Where-Object { $_ -is [Trackyard.Track] }).Count | Should -Be 3
        ($output | Where-Object { $_ -isnot [Trackyard.Track] }) -join '' | Should -Match 'Unknown total count'
    }

    It 'applies -Skip as the offset: the same tracks as a larger first page' {
        $all = @(Search-TrackyardTrack 'jazz' -First 15)
        $skipped = @(Search-TrackyardTrack 'jazz' -Skip 10 -First 5)
        $skipped.Id | Should -Be $all[10..14].Id
    }

    It 'stops at a short page' {
        # A narrow filter: fewer matches than one page of 100.
        $tracks = @(Search-TrackyardTrack 'dark comedy' -Genre Comedy -Mood Dark -EnergyLevel low -First 500)
        $tracks.Count | Should -BeLessThan 100
        @(Get-ApiRequest $Emulator '/search').Count | Should -Be 1
    }

    It 'says on the verbose stream that each page costs a credit' {
        $verbose = Search-TrackyardTrack 'ambient' -First 150 -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($verbose.Message -join "`n") | Should -Match 'credit'
        @($verbose | Where-Object Message -Match 'credit').Count | Should -BeGreaterOrEqual 2
    }

    It 'rejects bad parameters before any request is sent' -TestCases @(
        @{ Name = 'bpm below 40'; Call = { Search-TrackyardTrack 'x' -MinBpm 30 } }
        @{ Name = 'bpm above 200'; Call = { Search-TrackyardTrack 'x' -MaxBpm 201 } }
        @{ Name = 'min above max'; Call = { Search-TrackyardTrack 'x' -MinBpm 150 -MaxBpm 100 } }
        @{ Name = 'empty query'; Call = { Search-TrackyardTrack '' } }
        @{ Name = 'blank query'; Call = { Search-TrackyardTrack '   ' } }
        @{ Name = 'both vocal switches'; Call = { Search-TrackyardTrack 'x' -Instrumental -WithVocals } }
        @{ Name = 'unknown energy'; Call = { Search-TrackyardTrack 'x' -EnergyLevel extreme } }
    ) {
        param($Name, $Call)
        $record = Invoke-ForError $Call
        $record | Should -Not -BeNullOrEmpty -Because $Name
        @(Get-ApiRequest $Emulator).Count | Should -Be 0 -Because $Name
        (Get-TrackyardAccount).CreditsRemaining | Should -Be 50000
    }

    It 'leaves unknown genres and moods to the server, which accepts them and matches nothing' {
        $tracks = @(Search-TrackyardTrack 'x' -Genre 'Polka-Core' -ErrorAction Stop)
        $tracks.Count | Should -Be 0
        $moody = @(Search-TrackyardTrack 'x' -Mood 'Grumpy', 'Calm' -First 5 -ErrorAction Stop)
        $moody.Count | Should -Be 5 -Because 'a known mood beside an unknown one still filters'
        $moody | ForEach-Object { $_.Moods | Should -Contain 'Calm' }
        (Get-ApiRequest $Emulator '/search').status | Should -Be @(200, 200)
    }

    It 'finds tracks for a brief in plain words, and a full page even for words it does not know' {
        $tracks = @(Search-TrackyardTrack 'moody piano for a rainy scene' -First 10)
        $tracks.Count | Should -Be 10
        @($tracks | Where-Object { $_.Instruments -contains 'piano' }).Count | Should -BeGreaterOrEqual 7
        @(Search-TrackyardTrack 'zzzz qqqq').Count | Should -Be 20
    }

    It 'completes genres, moods, instruments and energy levels' {
        $line = 'Search-TrackyardTrack x -Genre Elec'
        (TabExpansion2 $line $line.Length).CompletionMatches.CompletionText | Should -Be @('Electronic', 'Electronica')
        $line = 'Search-TrackyardTrack x -Genre R'
        (TabExpansion2 $line $line.Length).CompletionMatches.CompletionText | Should -Contain "'R&B'"
        $line = 'Search-TrackyardTrack x -Mood Up'
        (TabExpansion2 $line $line.Length).CompletionMatches.CompletionText | Should -Contain 'Upbeat'
        $line = 'Search-TrackyardTrack x -Instrument pia'
        (TabExpansion2 $line $line.Length).CompletionMatches.CompletionText | Should -Contain 'piano'
        $line = 'Search-TrackyardTrack x -Mood '
        $moods = (TabExpansion2 $line $line.Length).CompletionMatches
        $moods[0..12].CompletionText | Should -Be @('Ambient', 'Angry', 'Calm', 'Chill', 'Cinematic', 'Confident', 'Contemplative', 'Dark', 'Dramatic', 'Dreamy', 'Eccentric', 'Energetic', 'Upbeat') -Because 'the documented moods come first'
        $moods[0].ToolTip | Should -Be 'Ambient'
        $moods[13..($moods.Count - 1)].ToolTip | ForEach-Object { $_ | Should -Match 'not in the public Trackyard docs' }
        $line = 'Search-TrackyardTrack x -EnergyLevel '
        ((TabExpansion2 $line $line.Length).CompletionMatches.CompletionText | Sort-Object) | Should -Be @('high', 'low', 'medium')
    }
}

Describe 'Stopping a search' {
    It 'ends a search whose answer stalls within 1 s when the pipeline is stopped, as Ctrl+C does' {
        Reset-TrackyardEmulator $Emulator
        $connection = Connect-TestEmulator $Emulator 'trackyard_test_pro' -Extra @{ PassThru = $true }
        Add-TrackyardEmulatorFault $Emulator -Path '/search' -Status 200 -DelayMs 30000
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($ModulePath, $Connection)
                    Import-Module $ModulePath
                    Search-TrackyardTrack 'calm piano' -Connection $Connection
                }).AddArgument((Join-Path $RepoRoot 'out/Trackyard/Trackyard.psd1')).AddArgument($connection)
            $null = $ps.BeginInvoke()
            # The fault is taken when the request arrives: from then on the search waits for the stalled answer.
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            # Invoke-RestMethod writes the JSON array as one object, so its Count is the number of pending faults.
            while ((Invoke-RestMethod "$($Emulator.BaseUri)/_emulator/faults").Count -gt 0) {
                if ([DateTime]::UtcNow -gt $deadline) { throw 'The search did not reach the emulator within 20 s.' }
                Start-Sleep -Milliseconds 20
            }
            $ps.InvocationStateInfo.State | Should -Be 'Running'

            Stop-Invocation $ps | Should -BeLessThan 1
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally {
            $ps.Dispose()
        }

        # The connection still works.
        @(Search-TrackyardTrack 'calm piano' -Connection $connection).Count | Should -Be 20
    }
}

Describe 'Get-TrackyardAccount' {
    BeforeEach { Reset-TrackyardEmulator $Emulator }

    It 'returns a Trackyard.Account with the tier, credits and limits' {
        Connect-TestEmulator $Emulator 'trackyard_test_starter'
        $account = Get-TrackyardAccount
        $account | Should -BeOfType ([Trackyard.Account])
        $account.Tier | Should -Be 'starter'
        $account.CreditsRemaining | Should -Be 300
        $account.MonthlyAllowance | Should -Be 300
        $account.RequestsPerMinute | Should -Be 10
        $account.RequestsPerDay | Should -Be 500
        $account.CreatedAt | Should -BeOfType ([DateTimeOffset])
    }

    It 'shows credits spent by searches and nothing spent by /me' {
        Connect-TestEmulator $Emulator 'trackyard_test_free'
        $null = Search-TrackyardTrack 'calm'
        $null = Get-TrackyardAccount
        (Get-TrackyardAccount).CreditsRemaining | Should -Be 49
    }

    It 'shows unlimited values as $null' {
        Connect-TestEmulator $Emulator 'trackyard_test_unlimited'
        $account = Get-TrackyardAccount
        $account.CreditsRemaining | Should -BeNullOrEmpty
        $account.RequestsPerDay | Should -BeNullOrEmpty
        ($account | Format-Table | Out-String) | Should -Match 'unlimited'
    }
}
