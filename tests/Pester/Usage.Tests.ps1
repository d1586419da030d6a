BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Emulator = Start-TrackyardEmulator

    function Get-UsageRequestCount {
        @(Get-ApiRequest $Emulator '/usage').Count
    }

    function Invoke-Calls([int] $Count) {
        # Free calls that each land in the key's usage (GET /usage itself does not).
        for ($i = 0; $i -lt $Count; $i++) { $null = Get-TrackyardAccount }
    }
}

AfterAll {
    Disconnect-Trackyard
    Stop-TrackyardEmulator $Emulator
}

Describe 'Get-TrackyardUsage' {
    Context 'a short history' {
        BeforeAll {
            Reset-TrackyardEmulator $Emulator
            Connect-TestEmulator $Emulator 'trackyard_test_unlimited'
            Reset-TrackyardEmulator $Emulator   # usage now holds only what this context sends
            $null = Search-TrackyardTrack 'calm piano' -First 2
            $null = Get-TrackyardAccount
            $null = Save-TrackyardTrack -Id 'HostileTitle000000000000003' -DurationSeconds 10 -Path $TestDrive -Force
            $null = Save-TrackyardTrack -Id 'NoSuchTrack0000000000000000' -Path $TestDrive -ErrorAction SilentlyContinue
            $script:Records = @(Get-TrackyardUsage)
        }

        It 'returns typed records, newest first, with every field' {
            $Records.Count | Should -Be 4
            $Records[0] | Should -BeOfType ([Trackyard.UsageRecord])
            $Records.Endpoint | Should -Be @('/download-track', '/download-track', '/me', '/search')
            $Records.StatusCode | Should -Be @(404, 200, 200, 200)
            $Records.CreditsConsumed | Should -Be @(0, 1, 0, 1)
            foreach ($record in $Records) {
                $record.ResponseTime | Should -BeOfType ([TimeSpan])
                $record.ResponseTime | Should -BeGreaterOrEqual ([TimeSpan]::Zero)
                ([DateTimeOffset]::UtcNow - $record.Timestamp).TotalMinutes | Should -BeLessThan 5
            }
            for ($i = 1; $i -lt $Records.Count; $i++) {
                $Records[$i - 1].Timestamp | Should -BeGreaterOrEqual $Records[$i].Timestamp
            }
        }

        It 'is free and does not appear in its own history' {
            $credits = (Get-TrackyardAccount).CreditsRemaining
            $null = Get-TrackyardUsage
            (Get-TrackyardAccount).CreditsRemaining | Should -Be $credits
            (Get-TrackyardUsage).Endpoint | Should -Not -Contain '/usage'
        }

        It 'shows as a table with the response time in ms' {
            $text = $Records | Format-Table | Out-String -Width 120
            $text | Should -Match 'Timestamp\s+Endpoint\s+StatusCode\s+CreditsConsumed\s+ResponseTime'
            $text | Should -Match '/download-track\s+404\s+0\s+\d+ ms'
        }
    }

    Context 'paging through 230 records' {
        BeforeAll {
            Reset-TrackyardEmulator $Emulator
            Connect-TestEmulator $Emulator 'trackyard_test_unlimited'
            Reset-TrackyardEmulator $Emulator
            Invoke-Calls 230
            $script:All = @(Get-TrackyardUsage -All)

            function Get-Page([scriptblock] $Listing) {
                # Runs a listing and returns its records and how many GET /usage requests it made.
                $before = Get-UsageRequestCount
                $records = @(& $Listing)
                [pscustomobject]@{ Records = $records; Requests = (Get-UsageRequestCount) - $before }
            }

            function Get-Key($Records) {
                $Records | ForEach-Object { '{0:o}|{1}|{2}' -f $_.Timestamp, $_.Endpoint, $_.ResponseTime.Ticks }
            }
        }

        It '-All reads the whole history: as many records as total_count, in pages of 100' {
            $All.Count | Should -Be 230
            $counted = @(Get-TrackyardUsage -All -IncludeTotalCount)
            $counted[0].ToString() | Should -Be 'Total count: 230'
            $counted.Count | Should -Be 231
            (Get-Page { Get-TrackyardUsage -All }).Requests | Should -Be 3
        }

        It 'reads one page of 50 without -First' {
            $page = Get-Page { Get-TrackyardUsage }
            $page.Records.Count | Should -Be 50
            $page.Requests | Should -Be 1
            Get-Key $page.Records | Should -Be (Get-Key $All[0..49])
        }

        It '-First 120 reads pages of up to 100 until 120 records' {
            $page = Get-Page { Get-TrackyardUsage -First 120 }
            $page.Records.Count | Should -Be 120
            $page.Requests | Should -Be 2
            Get-Key $page.Records | Should -Be (Get-Key $All[0..119])
        }

        It '-Skip 100 -First 10 is records 101 to 110' {
            $page = Get-Page { Get-TrackyardUsage -Skip 100 -First 10 }
            Get-Key $page.Records | Should -Be (Get-Key $All[100..109])
            $page.Requests | Should -Be 1
        }

        It 'stops at total_count without asking for an empty page' {
            $page = Get-Page { Get-TrackyardUsage -Skip 30 -All }
            $page.Records.Count | Should -Be 200
            $page.Requests | Should -Be 2
            Get-Key $page.Records | Should -Be (Get-Key $All[30..229])
        }

        It '-First ([int]::MaxValue) reads everything too' {
            @(Get-TrackyardUsage -First ([int]::MaxValue)).Count | Should -Be 230
        }

        It 'skipping past the end returns nothing' {
            $page = Get-Page { Get-TrackyardUsage -Skip 500 }
            $page.Records.Count | Should -Be 0
            $page.Requests | Should -Be 1
        }

        It '-IncludeTotalCount reports total_count before the records' {
            $output = @(Get-TrackyardUsage -First 5 -IncludeTotalCount)
            $output.Count | Should -Be 6
            $output[0].ToString() | Should -Be 'Total count: 230'
            $output[1] | Should -BeOfType ([Trackyard.UsageRecord])
            $only = @(Get-TrackyardUsage -First 0 -IncludeTotalCount)
            $only.Count | Should -Be 1
            $only[0].ToString() | Should -Be 'Total count: 230'
        }

        It 'refuses -All together with -First' {
            $record = Invoke-ForError { Get-TrackyardUsage -All -First 3 }
            $record.FullyQualifiedErrorId | Should -BeLike 'InvalidInput,*'
            $record.Terminating | Should -BeTrue
        }
    }

    Context 'failures' {
        BeforeEach {
            Reset-TrackyardEmulator $Emulator
            Connect-TestEmulator $Emulator 'trackyard_test_pro'
        }

        It 'a broken usage page is a non-terminating InvalidResponse' {
            Add-TrackyardEmulatorFault $Emulator -Path '/usage' -Status 200 -BodyText '{"usage":[{"timestamp":"not a time"}]}' -ContentType 'application/json'
            $record = Invoke-ForError { Get-TrackyardUsage }
            $record.FullyQualifiedErrorId | Should -BeLike 'InvalidResponse,*'
            $record.Terminating | Should -BeFalse
        }
    }
}
