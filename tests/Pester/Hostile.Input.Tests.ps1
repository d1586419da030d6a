# Bad input is rejected before any request: the emulator's request log stays empty and no credit is spent.
BeforeDiscovery {
    $script:Cases = @(
        @{ Name = 'Search: -MinBpm below 40'; Script = { Search-TrackyardTrack 'calm piano' -MinBpm 39 } }
        @{ Name = 'Search: -MaxBpm above 200'; Script = { Search-TrackyardTrack 'calm piano' -MaxBpm 201 } }
        @{ Name = 'Search: -MinBpm above -MaxBpm'; Script = { Search-TrackyardTrack 'calm piano' -MinBpm 150 -MaxBpm 90 } }
        @{ Name = 'Search: NaN tempo'; Script = { Search-TrackyardTrack 'calm piano' -MinBpm ([double]::NaN) } }
        @{ Name = 'Search: unknown energy level'; Script = { Search-TrackyardTrack 'calm piano' -EnergyLevel 'extreme' } }
        @{ Name = 'Search: both vocals switches'; Script = { Search-TrackyardTrack 'calm piano' -Instrumental -WithVocals } }
        @{ Name = 'Search: an empty query'; Script = { Search-TrackyardTrack '' } }
        @{ Name = 'Search: a $null query'; Script = { Search-TrackyardTrack $null } }
        @{ Name = 'Search: a blank query from the pipeline'; Script = { '   ', "`t`n" | Search-TrackyardTrack } }
        @{ Name = 'Search: -Skip beyond the API'; Script = { Search-TrackyardTrack 'calm piano' -Skip 3000000000 } }
        @{ Name = 'Search: -MaximumRetryCount 21'; Script = { Search-TrackyardTrack 'calm piano' -MaximumRetryCount 21 } }
        @{ Name = 'Search: negative -MaximumRetryWaitSec'; Script = { Search-TrackyardTrack 'calm piano' -MaximumRetryWaitSec -1 } }
        @{ Name = 'Save: a clip of 9 s'; Script = { Save-TrackyardTrack -Id 'HostileTitle000000000000001' -Path $Folder -DurationSeconds 9 } }
        @{ Name = 'Save: a clip of 301 s'; Script = { Save-TrackyardTrack -Id 'HostileTitle000000000000001' -Path $Folder -DurationSeconds 301 } }
        @{ Name = 'Save: a hit point without a duration'; Script = { Save-TrackyardTrack -Id 'HostileTitle000000000000001' -Path $Folder -HitPointSeconds 5 } }
        @{ Name = 'Save: a hit point at the end of the clip'; Script = { Save-TrackyardTrack -Id 'HostileTitle000000000000001' -Path $Folder -DurationSeconds 10 -HitPointSeconds 10 } }
        @{ Name = 'Save: a negative hit point'; Script = { Save-TrackyardTrack -Id 'HostileTitle000000000000001' -Path $Folder -DurationSeconds 10 -HitPointSeconds -1 } }
        @{ Name = 'Save: an empty track id'; Script = { Save-TrackyardTrack -Id '' -Path $Folder } }
        @{ Name = 'Save: a blank track id from the pipeline'; Script = { ' ', "`t" | Save-TrackyardTrack -Path $Folder } }
        @{ Name = 'Save: -Path on the Variable: provider'; Script = { Save-TrackyardTrack -Id 'HostileTitle000000000000001' -Path 'Variable:\clip' } }
        @{ Name = 'Save: -Path on the Env: provider'; Script = { Save-TrackyardTrack -Id 'HostileTitle000000000000001' -Path 'Env:\clip' } }
        @{ Name = 'Save: -Path in a folder that does not exist'; Script = { Save-TrackyardTrack -Id 'HostileTitle000000000000001' -Path (Join-Path $Folder 'no/such/folder/clip.mp3') } }
        @{ Name = 'Usage: -All with -First'; Script = { Get-TrackyardUsage -All -First 5 } }
        @{ Name = 'Usage: -Skip beyond the API'; Script = { Get-TrackyardUsage -Skip 3000000000 } }
        @{ Name = 'Connect: a blank key'; Script = { Connect-Trackyard -ApiKey (ConvertTo-TestKey '   ') -BaseUri $Emulator.ApiUri } }
        @{ Name = 'Connect: a key with a newline (header injection)'; Script = { Connect-Trackyard -ApiKey (ConvertTo-TestKey ($Key + "`nX-Injected: yes")) -BaseUri $Emulator.ApiUri } }
        @{ Name = 'Connect: a key with CR LF'; Script = { Connect-Trackyard -ApiKey (ConvertTo-TestKey ($Key + "`r`nHost: evil.example")) -BaseUri $Emulator.ApiUri } }
        @{ Name = 'Connect: a key with a space'; Script = { Connect-Trackyard -ApiKey (ConvertTo-TestKey ('Bearer ' + $Key)) -BaseUri $Emulator.ApiUri } }
        @{ Name = 'Connect: a key with non-ASCII'; Script = { Connect-Trackyard -ApiKey (ConvertTo-TestKey ($Key + 'é')) -BaseUri $Emulator.ApiUri } }
        @{ Name = 'Connect: a credential with an empty password'; Script = { Connect-Trackyard -Credential ([pscredential]::new('u', (New-Object securestring))) -BaseUri $Emulator.ApiUri } }
        @{ Name = 'Connect: no key at all'; Script = { Remove-Item Env:TRACKYARD_API_KEY -ErrorAction Ignore; Connect-Trackyard -BaseUri $Emulator.ApiUri } }
        @{ Name = 'Connect: a newline in TRACKYARD_API_KEY'; Script = { $env:TRACKYARD_API_KEY = $Key + "`n"; try { Connect-Trackyard -BaseUri $Emulator.ApiUri } finally { Remove-Item Env:TRACKYARD_API_KEY } } }
        @{ Name = 'Connect: -TimeoutSec 0'; Script = { Connect-Trackyard -ApiKey (ConvertTo-TestKey $Key) -BaseUri $Emulator.ApiUri -TimeoutSec 0 } }
        @{ Name = 'Connect: an ftp base URI'; Script = { Connect-Trackyard -ApiKey (ConvertTo-TestKey $Key) -BaseUri ($Emulator.ApiUri -replace '^http', 'ftp') } }
        @{ Name = 'Connect: a relative base URI'; Script = { Connect-Trackyard -ApiKey (ConvertTo-TestKey $Key) -BaseUri ([uri]::new('/api/external/v1', [UriKind]::Relative)) } }
        @{ Name = 'Connect: a base URI with user information'; Script = { Connect-Trackyard -ApiKey (ConvertTo-TestKey $Key) -BaseUri ($Emulator.ApiUri -replace '^http://', 'http://user:pw@') } }
        @{ Name = 'Connect: plain http to another machine'; Script = { Connect-Trackyard -ApiKey (ConvertTo-TestKey $Key) -BaseUri 'http://api.trackyard.example/api/external/v1' } }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Emulator = Start-TrackyardEmulator
    $script:Key = $AllTestKeys[1]
    $script:Folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'downloads') | Select-Object -ExpandProperty FullName
}

AfterAll {
    Disconnect-Trackyard
    Stop-TrackyardEmulator $Emulator
    Remove-Item Env:TRACKYARD_API_KEY -ErrorAction Ignore
}

Describe 'Bad input never spends a credit' {
    BeforeEach {
        Reset-TrackyardEmulator $Emulator
        $script:Connection = Connect-TestEmulator $Emulator $Key -Extra @{ PassThru = $true }
        $script:Credits = (Get-TrackyardAccount).CreditsRemaining
        Reset-TrackyardEmulator $Emulator   # an empty request log; credits are not touched by a reset of a built-in key
    }

    It '<Name> is rejected before any request' -ForEach $Cases {
        $record = Invoke-ForError $Script
        $record | Should -Not -BeNullOrEmpty -Because 'the input was rejected'
        $record.CategoryInfo.Category | Should -BeIn 'InvalidArgument', 'InvalidData', 'ObjectNotFound', 'InvalidOperation'
        @(Get-ApiRequest $Emulator).Count | Should -Be 0 -Because 'nothing may reach the service'
        @(Get-ChildItem -LiteralPath $Folder -Force).Count | Should -Be 0

        # Whatever the case did to the current connection, ask with the one from before.
        (Get-TrackyardAccount -Connection $Connection).CreditsRemaining | Should -Be $Credits
    }
}
