BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-TestServer
    $script:Emulator = Start-TrackyardEmulator

    # The emulator's audio: 128 kbps MPEG-1 Layer III, 16000 bytes a second, frames of 417 or 418 bytes.
    $script:BytesPerSecond = 16000
    $script:MaxFrameBytes = 418

    function New-TestFolder {
        New-Item -ItemType Directory -Path (Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))) | Select-Object -ExpandProperty FullName
    }

    function Get-FolderEntry([string] $Folder) {
        # Hidden files too: a leftover .partial must show up.
        @(Get-ChildItem -LiteralPath $Folder -Force -Recurse)
    }

    function Assert-Mp3 {
        param([System.IO.FileInfo] $File, [double] $Seconds)
        [math]::Abs($File.Length - $Seconds * $BytesPerSecond) | Should -BeLessOrEqual $MaxFrameBytes -Because "$($File.Name) should be $Seconds s long"
        $stream = [System.IO.File]::OpenRead($File.FullName)
        try {
            $head = [byte[]]::new(2)
            $null = $stream.Read($head, 0, 2)
        }
        finally {
            $stream.Dispose()
        }
        $head[0] | Should -Be 0xFF -Because 'an MPEG audio file starts with a frame sync'
        ($head[1] -band 0xE0) | Should -Be 0xE0
    }

    function Get-DownloadCount {
        @(Get-ApiRequest $Emulator '/download-track').Count
    }

    $script:Hostile = @(1..9 | ForEach-Object { 'HostileTitle00000000000000{0}' -f $_ })
    $script:ChapterId = 'HostileTitle000000000000003'
    $script:ChapterFile = 'Chapter 1_ The Beginning.mp3'
}

AfterAll {
    Disconnect-Trackyard
    Stop-TrackyardEmulator $Emulator
}

Describe 'Save-TrackyardTrack' {
    BeforeEach {
        Reset-TrackyardEmulator $Emulator
        Connect-TestEmulator $Emulator 'trackyard_test_pro'
        Reset-TrackyardEmulator $Emulator   # the request log now holds only what the test sends
        $script:Folder = New-TestFolder
    }

    Context 'whole tracks and clips' {
        It 'saves a whole track under its title, as long as the track, and spends one credit' {
            $track = Search-TrackyardTrack 'calm piano' -First 20 | Sort-Object DurationSeconds | Select-Object -First 1
            $file = Save-TrackyardTrack -Id $track.Id -Path $Folder -PassThru

            $file | Should -BeOfType ([System.IO.FileInfo])
            $file.DirectoryName | Should -Be $Folder
            $file.Extension | Should -Be '.mp3'
            Assert-Mp3 $file $track.DurationSeconds
            (Get-TrackyardAccount).CreditsRemaining | Should -Be (50000 - 2) -Because 'one search and one download'
            Get-DownloadCount | Should -Be 1
        }

        It 'streams the one-hour track (55 MB) without holding it in memory' {
            $allocated = [GC]::GetTotalAllocatedBytes($true)
            $file = Save-TrackyardTrack -Id 'LongTrackForBenchmarks00001' -Path $Folder -PassThru -ProgressAction SilentlyContinue
            $allocated = [GC]::GetTotalAllocatedBytes($true) - $allocated
            Assert-Mp3 $file 3600
            # Measured: under 1 MB allocated in all; a body buffered in memory would allocate more than the file.
            $allocated | Should -BeLessThan 16MB
        }

        It 'saves a clip of <Seconds> s' -TestCases @(@{ Seconds = 10 }, @{ Seconds = 30 }, @{ Seconds = 45 }) {
            param($Seconds)
            $file = Save-TrackyardTrack -Id $ChapterId -Path $Folder -DurationSeconds $Seconds -PassThru
            $file.Name | Should -Be $ChapterFile
            Assert-Mp3 $file $Seconds
        }

        It 'saves a clip with a hit point, and both reach the server as given' {
            # The emulator ignores the hit point and logs no bodies: a relay in front of it shows what was sent.
            $relay = [TrackyardTests.RecordingRelay]::new($Emulator.BaseUri)
            try {
                Connect-Trackyard -ApiKey (ConvertTo-TestKey 'trackyard_test_pro') -BaseUri "$($relay.BaseUri)/api/external/v1"
                $file = Save-TrackyardTrack -Id $ChapterId -Path $Folder -DurationSeconds 20 -HitPointSeconds 5 -PassThru
                Assert-Mp3 $file 20
                $sent = @($relay.Requests | Where-Object Path -EQ '/api/external/v1/download-track')
                $sent.Count | Should -Be 1
                $body = $sent[0].Body | ConvertFrom-Json
                $body.track_id | Should -Be $ChapterId
                $body.duration_seconds | Should -Be 20
                $body.hit_point_seconds | Should -Be 5
            }
            finally {
                $relay.Dispose()
            }
        }

        It 'sends fractional clip lengths exactly as given: -DurationSeconds 22.5 -HitPointSeconds 7.25' {
            $relay = [TrackyardTests.RecordingRelay]::new($Emulator.BaseUri)
            try {
                Connect-Trackyard -ApiKey (ConvertTo-TestKey 'trackyard_test_pro') -BaseUri "$($relay.BaseUri)/api/external/v1"
                $file = Save-TrackyardTrack -Id $ChapterId -Path $Folder -DurationSeconds 22.5 -HitPointSeconds 7.25 -PassThru
                $sent = @($relay.Requests | Where-Object Path -EQ '/api/external/v1/download-track')
                $sent.Count | Should -Be 1
                $sent[0].Body | Should -Match '"duration_seconds":22\.5[,}]'
                $sent[0].Body | Should -Match '"hit_point_seconds":7\.25[,}]'
                # The emulator cut 22.5 s, not 22 or 23: 8,000 bytes apart, while one frame is 418.
                Assert-Mp3 $file 22.5
            }
            finally {
                $relay.Dispose()
            }
        }

        It 'rejects fractional values outside the API rules before any request: <Case>' -TestCases @(
            @{ Case = 'a clip of 9.5 s'; Arguments = @{ DurationSeconds = 9.5 } }
            @{ Case = 'a clip of 300.5 s'; Arguments = @{ DurationSeconds = 300.5 } }
            @{ Case = 'a hit point of 22.5 in a 22.5 s clip'; Arguments = @{ DurationSeconds = 22.5; HitPointSeconds = 22.5 } }
            @{ Case = 'a hit point of -0.5'; Arguments = @{ DurationSeconds = 22.5; HitPointSeconds = -0.5 } }
            @{ Case = 'a NaN clip length'; Arguments = @{ DurationSeconds = [double]::NaN } }
        ) {
            param($Case, $Arguments)
            $record = Invoke-ForError { Save-TrackyardTrack -Id $ChapterId -Path $Folder @Arguments }
            $record | Should -Not -BeNullOrEmpty
            $record.CategoryInfo.Category | Should -BeIn 'InvalidArgument', 'InvalidData'
            Get-DownloadCount | Should -Be 0
        }

        It 'writes nothing to the pipeline without -PassThru' {
            $output = @(Save-TrackyardTrack -Id $ChapterId -Path $Folder -DurationSeconds 10)
            $output.Count | Should -Be 0
            Test-Path -LiteralPath (Join-Path $Folder $ChapterFile) | Should -BeTrue
        }

        It 'saves into the current location by default, and to a file name when -Path names one' {
            Push-Location -LiteralPath $Folder
            try {
                $file = Save-TrackyardTrack $ChapterId -DurationSeconds 10 -PassThru
                $file.FullName | Should -Be (Join-Path $Folder $ChapterFile)
                $named = Save-TrackyardTrack $ChapterId 'my clip.mp3' -DurationSeconds 10 -PassThru
                $named.FullName | Should -Be (Join-Path $Folder 'my clip.mp3')
            }
            finally {
                Pop-Location
            }
        }

        It 'downloads what Search-TrackyardTrack finds, straight from the pipeline' {
            $files = @(Search-TrackyardTrack 'calm piano' -First 3 | Save-TrackyardTrack -Path $Folder -DurationSeconds 30 -PassThru)
            $files.Count | Should -Be 3
            $files | ForEach-Object { Assert-Mp3 $_ 30 }
            @($files.Name | Select-Object -Unique).Count | Should -Be 3
            Get-DownloadCount | Should -Be 3
        }

        It 'takes ids by value and by the TrackId property name' {
            $files = @(
                $ChapterId | Save-TrackyardTrack -Path $Folder -DurationSeconds 10 -PassThru -Force
                [pscustomobject]@{ TrackId = $ChapterId } | Save-TrackyardTrack -Path $Folder -DurationSeconds 10 -PassThru -Force
            )
            $files.Count | Should -Be 2
            Get-DownloadCount | Should -Be 2
        }
    }

    Context 'file names' {
        It 'gives hostile titles safe names that stay inside the target folder' {
            $files = @($Hostile | Save-TrackyardTrack -Path $Folder -DurationSeconds 10 -PassThru)
            $files.Count | Should -Be 9
            foreach ($file in $files) {
                $file.DirectoryName | Should -Be $Folder
                $file.Name | Should -Not -Match '[/\\<>:"|?*]'
                $file.Name | Should -Not -Match '\.\.'
                $file.Name | Should -Match '^[^. ].*\.mp3$'
                [System.Text.Encoding]::UTF8.GetByteCount($file.BaseName) | Should -BeLessOrEqual 150
            }
            (Get-FolderEntry $Folder).Count | Should -Be 9
            @(Get-ChildItem -LiteralPath $TestDrive -Force -File).Count | Should -Be 0 -Because 'nothing escaped the folder'
            $files.Name | Should -Contain 'Rise_Fall (Side A_Side B).mp3'
            $files.Name | Should -Contain 'Café Noir — Ünïcode.mp3'
            $files.Name | Should -Contain '東京の夜 Tokyo Nights.mp3'
            $files.Name | Should -Contain 'Wild _Card_ _Tags_ _ Pipes_ CON.mp3'
        }
    }

    Context '-WhatIf, -Force and existing files' {
        It '-WhatIf sends nothing and spends nothing' {
            $before = (Get-TrackyardAccount).CreditsRemaining
            $run = Invoke-InTestHost { param($Tracks, $Folder) $Tracks | Save-TrackyardTrack -Path $Folder -WhatIf } -ArgumentList $Hostile, $Folder
            $run.Output.Count | Should -Be 0
            $run.Errors | Should -BeNullOrEmpty
            @($run.HostText -split "`n" | Where-Object { $_ -like 'What if:*' }).Count | Should -Be @($Hostile).Count
            Get-DownloadCount | Should -Be 0
            (Get-FolderEntry $Folder).Count | Should -Be 0
            (Get-TrackyardAccount).CreditsRemaining | Should -Be $before
        }

        It 'keeps an existing file without -Force (a non-terminating ResourceExists) and goes on with the next id' {
            $existing = Join-Path $Folder $ChapterFile
            Set-Content -LiteralPath $existing -Value 'old' -NoNewline
            $global:Error.Clear()
            $files = @($ChapterId, 'HostileTitle000000000000002' | Save-TrackyardTrack -Path $Folder -DurationSeconds 10 -PassThru -ErrorAction SilentlyContinue)

            Get-Content -LiteralPath $existing -Raw | Should -Be 'old'
            $files.Count | Should -Be 1
            $files[0].Name | Should -Be 'Back_Slash Blues.mp3'
            $record = $global:Error | Where-Object { $_.FullyQualifiedErrorId -like 'FileExists,*' } | Select-Object -First 1
            $record | Should -Not -BeNullOrEmpty
            $record.CategoryInfo.Category | Should -Be 'ResourceExists'
            $record.ErrorDetails.Message | Should -Match 'still cost 1 credit'
            (Get-FolderEntry $Folder).Count | Should -Be 2 -Because 'no temporary file is left behind'
        }

        It 'checks a named file before the request, so nothing is spent' {
            $existing = Join-Path $Folder 'mine.mp3'
            Set-Content -LiteralPath $existing -Value 'old' -NoNewline
            $record = Invoke-ForError { Save-TrackyardTrack -Id $ChapterId -Path $existing }
            $record.FullyQualifiedErrorId | Should -BeLike 'FileExists,*'
            $record.Terminating | Should -BeFalse
            $record.ErrorDetails.Message | Should -Match 'no credit spent'
            Get-DownloadCount | Should -Be 0
            Get-Content -LiteralPath $existing -Raw | Should -Be 'old'
        }

        It '-Force overwrites an existing file' {
            $existing = Join-Path $Folder $ChapterFile
            Set-Content -LiteralPath $existing -Value 'old' -NoNewline
            $file = Save-TrackyardTrack -Id $ChapterId -Path $Folder -DurationSeconds 10 -Force -PassThru
            $file.FullName | Should -Be $existing
            Assert-Mp3 (Get-Item -LiteralPath $existing) 10
            (Get-FolderEntry $Folder).Count | Should -Be 1
        }
    }

    Context 'broken downloads leave nothing behind' {
        It 'a connection aborted mid-body leaves no file and no .partial' {
            Add-TrackyardEmulatorFault $Emulator -Path '/download-track' -Status 200 -ContentType 'audio/mpeg' -Abort
            # No retry: a reset that overtakes the headers is a ConnectionFailed, which would otherwise be retried.
            $record = Invoke-ForError { Save-TrackyardTrack -Id $ChapterId -Path $Folder -MaximumRetryCount 0 }
            # The reset can overtake the headers (ConnectionFailed) or cut the body (InvalidResponse): both save nothing.
            ($record.FullyQualifiedErrorId -split ',')[0] | Should -BeIn @('InvalidResponse', 'ConnectionFailed')
            $record.Terminating | Should -BeFalse
            (Get-FolderEntry $Folder).Count | Should -Be 0
        }

        # SameInBothProfiles: the fault sets the body and cuts it; the profile changes nothing the download reads.
        It 'a truncated body leaves no file and keeps the old one, even with -Force' -Tag 'SameInBothProfiles' {
            # 2 MB arrive before the connection drops, so the failure is surely in the middle of the body.
            $existing = Join-Path $Folder 'keep.mp3'
            Set-Content -LiteralPath $existing -Value 'old' -NoNewline
            Add-TrackyardEmulatorFault $Emulator -Path '/download-track' -Status 200 -Body truncated -ContentType 'audio/mpeg' -BodyText ('x' * 4MB)
            $record = Invoke-ForError { Save-TrackyardTrack -Id $ChapterId -Path $existing -Force }
            $record.FullyQualifiedErrorId | Should -BeLike 'InvalidResponse,*'
            $record.Exception.Message | Should -Match 'broke off|ended after'
            Get-Content -LiteralPath $existing -Raw | Should -Be 'old'
            (Get-FolderEntry $Folder).Name | Should -Be @('keep.mp3')
        }

        It 'a 200 with a <Body> body is InvalidResponse and saves nothing' -TestCases @(@{ Body = 'json' }, @{ Body = 'html' }) {
            param($Body)
            Add-TrackyardEmulatorFault $Emulator -Path '/download-track' -Status 200 -Body $Body
            $record = Invoke-ForError { Save-TrackyardTrack -Id $ChapterId -Path $Folder }
            $record.FullyQualifiedErrorId | Should -BeLike 'InvalidResponse,*'
            $record.Exception.Message | Should -Match 'instead of audio/mpeg'
            (Get-FolderEntry $Folder).Count | Should -Be 0
        }
    }

    Context 'errors' {
        It 'a 404 for one id is reported for that id and the next id still downloads' {
            $global:Error.Clear()
            $files = @('NoSuchTrack0000000000000000', $ChapterId | Save-TrackyardTrack -Path $Folder -DurationSeconds 10 -PassThru -ErrorAction SilentlyContinue)
            $files.Count | Should -Be 1
            $record = $global:Error | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } | Select-Object -First 1
            $record.FullyQualifiedErrorId | Should -BeLike 'NotFound,*'
            $record.CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $record.TargetObject | Should -Be 'NoSuchTrack0000000000000000'
            Get-DownloadCount | Should -Be 2
        }

        It 'a search-only key gets a non-terminating Forbidden' {
            Connect-TestEmulator $Emulator 'trackyard_test_searchonly'
            $record = Invoke-ForError { Save-TrackyardTrack -Id $ChapterId -Path $Folder }
            $record.FullyQualifiedErrorId | Should -BeLike 'Forbidden,*'
            $record.CategoryInfo.Category | Should -Be 'PermissionDenied'
            $record.Terminating | Should -BeFalse
            (Get-FolderEntry $Folder).Count | Should -Be 0
        }

        It 'running out of credits stops the pipeline' {
            Connect-TestEmulator $Emulator 'trackyard_test_nocredits'
            Reset-TrackyardEmulator $Emulator
            $record = Invoke-ForError { $ChapterId, 'HostileTitle000000000000002' | Save-TrackyardTrack -Path $Folder }
            $record.FullyQualifiedErrorId | Should -BeLike 'OutOfCredits,*'
            $record.Terminating | Should -BeTrue
            Get-DownloadCount | Should -Be 1
        }

        It 'rejects <Case> before any request' -TestCases @(
            @{ Case = 'a hit point without a duration'; Arguments = @{ HitPointSeconds = 5 } }
            @{ Case = 'a hit point at the end of the clip'; Arguments = @{ DurationSeconds = 20; HitPointSeconds = 20 } }
        ) {
            param($Case, $Arguments)
            $record = Invoke-ForError { Save-TrackyardTrack -Id $ChapterId -Path $Folder @Arguments }
            $record.FullyQualifiedErrorId | Should -BeLike 'InvalidInput,*'
            $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $record.Exception.Message | Should -Match 'HitPointSeconds'
            Get-DownloadCount | Should -Be 0
        }

        It 'rejects a duration outside 10–300 s by validation' {
            { Save-TrackyardTrack -Id $ChapterId -Path $Folder -DurationSeconds 5 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Trackyard.SaveTrackyardTrackCommand'
        }

        It 'rejects <Case> before any request' -TestCases @(
            @{ Case = 'a path of another provider'; Path = 'Env:\TrackyardTest'; ErrorId = 'NotFileSystemPath' }
            @{ Case = 'a missing folder'; Path = 'TestDrive:\missing\'; ErrorId = 'FolderNotFound' }
            @{ Case = 'a file in a missing folder'; Path = 'TestDrive:\missing\clip.mp3'; ErrorId = 'FolderNotFound' }
        ) {
            param($Case, $Path, $ErrorId)
            $record = Invoke-ForError { Save-TrackyardTrack -Id $ChapterId -Path $Path }
            $record.FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
            $record.Terminating | Should -BeTrue
            Get-DownloadCount | Should -Be 0
        }
    }
}
