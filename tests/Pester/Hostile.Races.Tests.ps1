# Hostile conditions, second round: Disconnect-Trackyard and Connect-Trackyard in a loop while other runspaces search,
# download and page the usage history on the current connection. Calls in flight finish with the key they started
# with, or fail with a clear NotConnected error; no raw .NET exception ever reaches the user.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Emulator = Start-TrackyardEmulator
}

AfterAll {
    Disconnect-Trackyard
    Stop-TrackyardEmulator $Emulator
}

Describe 'Disconnect while calls are in flight' {
    It 'gives six busy runspaces only results or clear errors while a seventh disconnects and connects for 6 s' {
        $key = 'trackyard_test_unlimited'
        Connect-TestEmulator $Emulator $key
        $trackId = (Search-TrackyardTrack 'calm piano' -First 1).Id
        $module = Join-Path $RepoRoot 'out/Trackyard/Trackyard.psd1'
        $uri = $Emulator.ApiUri
        $folder = Join-Path $TestDrive 'race'
        $deadline = [DateTime]::UtcNow.AddSeconds(6)

        $results = 1..7 | ForEach-Object -ThrottleLimit 7 -Parallel {
            $worker = $_
            Import-Module $using:module
            $end = $using:deadline
            $errors = [System.Collections.Generic.List[string]]::new()
            $done = 0
            if ($worker -eq 7) {
                $secure = ConvertTo-SecureString $using:key -AsPlainText -Force
                while ([DateTime]::UtcNow -lt $end) {
                    try {
                        Disconnect-Trackyard
                        Connect-Trackyard -ApiKey $secure -BaseUri $using:uri
                        $done++
                    }
                    catch {
                        $errors.Add("$($_.Exception.GetType().FullName)|$($_.FullyQualifiedErrorId)|$($_.Exception.Message)")
                    }
                    Start-Sleep -Milliseconds 3
                }
            }
            else {
                $mine = Join-Path $using:folder $worker
                $null = New-Item -ItemType Directory -Path $mine -Force
                while ([DateTime]::UtcNow -lt $end) {
                    try {
                        switch ($worker % 3) {
                            0 { $null = Search-TrackyardTrack 'calm piano' -First 150 -ErrorAction Stop }
                            1 { $null = Save-TrackyardTrack -Id $using:trackId -Path $mine -DurationSeconds 10 -Force -ErrorAction Stop }
                            2 { $null = Get-TrackyardUsage -First 150 -ErrorAction Stop }
                        }
                        $done++
                    }
                    catch {
                        $errors.Add("$($_.Exception.GetType().FullName)|$($_.FullyQualifiedErrorId)|$($_.Exception.Message)")
                    }
                }
            }
            [pscustomobject]@{ Worker = $worker; Done = $done; Errors = @($errors) }
        }

        $results.Count | Should -Be 7
        ($results | Where-Object Worker -EQ 7).Done | Should -BeGreaterThan 50 -Because 'the seventh runspace reconnected all the time'
        foreach ($result in $results | Where-Object Worker -NE 7) {
            $result.Done | Should -BeGreaterThan 0 -Because "worker $($result.Worker) got work done between the disconnects"
        }
        $allErrors = @($results.Errors)
        $raw = @($allErrors | Where-Object { -not $_.StartsWith('Trackyard.TrackyardApiException|') })
        $raw | Should -BeNullOrEmpty -Because 'every failure is the module''s own, never a raw .NET exception'
        $unclear = @($allErrors | Where-Object { $_ -notmatch '^Trackyard\.TrackyardApiException\|NotConnected' })
        $unclear | Should -BeNullOrEmpty -Because 'a call on a closed or missing connection fails with NotConnected'
        Write-Host ("    {0} calls done, {1} reconnects, {2} NotConnected errors in 6 s" -f (($results | Where-Object Worker -NE 7).Done | Measure-Object -Sum).Sum, ($results | Where-Object Worker -EQ 7).Done, $allErrors.Count)
    }
}
