BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Emulator = Start-TrackyardEmulator
}

AfterAll {
    Disconnect-Trackyard
    Stop-TrackyardEmulator $Emulator
}

Describe 'The API key never shows' {
    It 'appears in no stream, no error and no connection view, through successes and failures' {
        Reset-TrackyardEmulator $Emulator
        # Keys are taken from variables so that no script line (InvocationInfo.Line) holds one literally.
        $starter, $revoked = $AllTestKeys[1], $AllTestKeys[6]
        $injected = $starter + "`nX-Injected: yes"
        $global:Error.Clear()
        $streams = & {
            Connect-TestEmulator $Emulator $starter -Extra @{ Verbose = $true; Debug = $true; PassThru = $true }
            Search-TrackyardTrack 'calm piano' -First 2 -Verbose -Debug
            Get-TrackyardAccount -Verbose -Debug
            Get-TrackyardConnection | Format-List * | Out-String
            Search-TrackyardTrack 'x' -Genre 'No Such Genre' -Verbose -Debug -ErrorAction Continue
            Add-TrackyardEmulatorFault $Emulator -Path '/me' -Status 500 -Times 20 -Body html
            # The 500s are retried with a warning each; -Debug alone would make a compiled cmdlet ask before every
            # warning, which a non-interactive host refuses. Continue keeps the warnings in the streams checked below.
            Get-TrackyardAccount -Verbose -Debug -WarningAction Continue -ErrorAction Continue
            try { Connect-TestEmulator $Emulator $revoked -Extra @{ Verbose = $true; Debug = $true } } catch { $_ }
            try { Connect-Trackyard -ApiKey (ConvertTo-TestKey $injected) -BaseUri $Emulator.ApiUri -Verbose -Debug } catch { $_ }
        } *>&1 | Out-String -Width 500

        $errorText = foreach ($record in $global:Error) {
            $record | Format-List * -Force | Out-String -Width 500
            if ($record -is [System.Management.Automation.ErrorRecord]) {
                $record.Exception.ToString()
                $record.ErrorDetails | Format-List * | Out-String
                $record.InvocationInfo | Format-List * | Out-String
                $record.Exception | Format-List * -Force | Out-String
            }
            else { $record.ToString() }
        }
        $everything = $streams + ($errorText -join "`n")
        $everything.Length | Should -BeGreaterThan 1000 -Because 'the run must have produced real output to inspect'
        $everything | Should -Match 'Unauthorized'
        foreach ($key in $AllTestKeys) {
            $everything | Should -Not -Match $key
        }
    }
}
