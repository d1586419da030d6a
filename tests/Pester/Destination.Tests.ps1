# Where Save-TrackyardTrack writes: paths resolved as PowerShell's own file cmdlets do, nothing but regular files
# replaced, and no credit spent on a file that cannot be written. Every case proves the credits with the
# emulator's request log and /me before and after.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Emulator = Start-TrackyardEmulator
    $script:ChapterId = 'HostileTitle000000000000003'
    $script:ChapterTitle = 'Chapter 1: The Beginning'
    $script:ChapterFile = 'Chapter 1_ The Beginning.mp3'
    $script:BytesPerSecond = 16000

    function New-TestFolder([string] $Name = [guid]::NewGuid().ToString('n')) {
        New-Item -ItemType Directory -Path (Join-Path $TestDrive $Name) | Select-Object -ExpandProperty FullName
    }

    function Get-DownloadCount { @(Get-ApiRequest $Emulator '/download-track').Count }

    function Wait-DownloadCount([int] $Expected) {
        # The emulator logs a download when its handler ends; a client that stops before the body ends it a moment
        # later, when the emulator notices the hang-up. Waits for that entry (at most 10 s) and returns the count.
        $deadline = [DateTime]::UtcNow.AddSeconds(10)
        while ((Get-DownloadCount) -lt $Expected -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
        Get-DownloadCount
    }

    function Get-Credit { (Get-TrackyardAccount).CreditsRemaining }

    function Get-UnixFileType([string] $Path) {
        # The first letter of ls -l: - file, d folder, c character device, b block device, p FIFO, s socket.
        (& stat -c '%A' -- $Path).Substring(0, 1)
    }

    # Mounting needs root and a kernel that lets this process mount tmpfs; without both, those tests are skipped.
    $script:MountSkipReason = if ($IsWindows -or $IsMacOS) { 'tmpfs mounts are a Linux feature' }
    elseif ((& id -u) -ne '0') { 'mounting a tmpfs needs root (id -u is not 0)' }
    else {
        $probe = New-TestFolder 'mount-probe'
        & mount -t tmpfs -o size=64k tmpfs $probe 2>$null
        if ($LASTEXITCODE -ne 0) { 'this process may not mount a tmpfs (mount exited with an error)' }
        else { & umount $probe; $null }
    }
    $script:RootSkipReason = if ($IsWindows -or $IsMacOS) { 'device nodes and chown are tested on Linux' }
    elseif ((& id -u) -ne '0') { 'creating device nodes and changing owners needs root (id -u is not 0)' }
    else { $null }

    function Mount-TestTmpfs {
        # A tmpfs of -SizeKB at a fresh folder; -ReadOnly mounts it read-only. Always pair with Dismount-TestTmpfs in finally.
        param([int] $SizeKB = 1024, [switch] $ReadOnly)
        $path = New-TestFolder
        $options = "size=$($SizeKB)k,mode=0777" + $(if ($ReadOnly) { ',ro' })
        & mount -t tmpfs -o $options tmpfs $path
        if ($LASTEXITCODE -ne 0) { throw "mount -t tmpfs -o $options failed" }
        $path
    }

    function Dismount-TestTmpfs([string] $Path) {
        if ($Path) {
            & umount $Path 2>$null
            if ($LASTEXITCODE -ne 0) { & umount -l $Path 2>$null }
        }
    }

    function Get-FreeBytes([string] $Path) { [System.IO.DriveInfo]::new($Path).AvailableFreeSpace }
}

AfterAll {
    Disconnect-Trackyard
    Stop-TrackyardEmulator $Emulator
}

Describe 'Save-TrackyardTrack destinations' {
    BeforeEach {
        Reset-TrackyardEmulator $Emulator
        Connect-TestEmulator $Emulator 'trackyard_test_pro'
        $script:CreditsBefore = Get-Credit
        Reset-TrackyardEmulator $Emulator   # the request log now holds only what the test sends
        $script:Folder = New-TestFolder
    }

    Context 'a folder that cannot take the file costs nothing' {
        It 'a read-only folder stops the whole pipeline with one FolderNotWritable before any request' {
            if ($MountSkipReason) { Set-ItResult -Skipped -Because $MountSkipReason; return }
            $readOnly = Mount-TestTmpfs -ReadOnly
            try {
                $global:Error.Clear()
                $caught = $null
                try { $ChapterId, 'HostileTitle000000000000002', 'HostileTitle000000000000006' | Save-TrackyardTrack -Path $readOnly -DurationSeconds 10 }
                catch [Trackyard.TrackyardApiException] { $caught = $_ }

                $caught | Should -Not -BeNullOrEmpty -Because 'a terminating TrackyardApiException stops the pipeline'
                $caught.FullyQualifiedErrorId | Should -BeLike 'FolderNotWritable,*'
                $caught.Exception.Kind | Should -Be 'FolderNotWritable'
                $caught.CategoryInfo.Category | Should -Be 'PermissionDenied'
                $caught.Exception.Message | Should -Match 'Read-only file system'
                @($global:Error | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }).Count | Should -Be 1 -Because 'one error, not one per piped id'
                Get-DownloadCount | Should -Be 0
                Get-Credit | Should -Be $CreditsBefore
            }
            finally {
                Dismount-TestTmpfs $readOnly
            }
        }

        It 'a full folder stops the pipeline with NotEnoughSpace before any request' {
            if ($MountSkipReason) { Set-ItResult -Skipped -Because $MountSkipReason; return }
            $full = Mount-TestTmpfs -SizeKB 64
            try {
                & dd if=/dev/zero "of=$(Join-Path $full 'fill')" bs=4k 2>$null
                Get-FreeBytes $full | Should -Be 0
                $record = Invoke-ForError { $ChapterId, 'HostileTitle000000000000002' | Save-TrackyardTrack -Path $full -DurationSeconds 10 }
                $record.FullyQualifiedErrorId | Should -BeLike 'NotEnoughSpace,*'
                $record.Terminating | Should -BeTrue
                $record.Exception | Should -BeOfType ([Trackyard.TrackyardApiException])
                $record.ErrorDetails.Message | Should -Match 'no credit spent'
                Get-DownloadCount | Should -Be 0
                Get-Credit | Should -Be $CreditsBefore
                @(Get-ChildItem -LiteralPath $full -Force).Name | Should -Be @('fill') -Because 'the probe file is gone again'
            }
            finally {
                Dismount-TestTmpfs $full
            }
        }

        It 'a Content-Length larger than the free space stops before the body is read, and says the credit was spent' {
            if ($MountSkipReason) { Set-ItResult -Skipped -Because $MountSkipReason; return }
            $small = Mount-TestTmpfs -SizeKB 256
            try {
                $free = Get-FreeBytes $small
                $record = Invoke-ForError { $ChapterId, 'HostileTitle000000000000002' | Save-TrackyardTrack -Path $small -DurationSeconds 30 }
                $record.FullyQualifiedErrorId | Should -BeLike 'NotEnoughSpace,*'
                $record.Terminating | Should -BeTrue -Because 'the next track would be charged and not fit either'
                $record.ErrorDetails.Message | Should -Match "$ChapterId"
                $record.ErrorDetails.Message | Should -Match '479817 bytes' -Because 'the emulator announces the 30 s clip as 479,817 bytes'
                $record.ErrorDetails.Message | Should -Match 'cost 1 credit'
                Wait-DownloadCount 1 | Should -Be 1 -Because 'the second id was never sent'
                Get-Credit | Should -Be ($CreditsBefore - 1)
                @(Get-ChildItem -LiteralPath $small -Force).Count | Should -Be 0
                Get-FreeBytes $small | Should -Be $free -Because 'not a byte of the body was written'
            }
            finally {
                Dismount-TestTmpfs $small
            }
        }

        It 'a missing folder is FolderNotFound before any request: <Case>' -TestCases @(
            @{ Case = '-Path ./clips (no extension)'; Arguments = @{ Path = './clips' }; Leftover = 'clips' }
            @{ Case = '-Path clips/ (a trailing separator)'; Arguments = @{ Path = 'clips/' }; Leftover = 'clips' }
            @{ Case = '-LiteralPath clips'; Arguments = @{ LiteralPath = 'clips' }; Leftover = 'clips' }
            @{ Case = '-Path missing/clip.mp3'; Arguments = @{ Path = 'missing/clip.mp3' }; Leftover = 'missing' }
        ) {
            param($Case, $Arguments, $Leftover)
            Push-Location -LiteralPath $Folder
            try {
                $caught = $null
                try { $ChapterId, 'HostileTitle000000000000002' | Save-TrackyardTrack @Arguments -DurationSeconds 10 }
                catch [Trackyard.TrackyardApiException] { $caught = $_ }
            }
            finally {
                Pop-Location
            }
            $caught.FullyQualifiedErrorId | Should -BeLike 'FolderNotFound,*'
            $caught.Exception.Kind | Should -Be 'FolderNotFound'
            $caught.CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $caught.Exception.Message | Should -Match 'New-Item -ItemType Directory'
            Test-Path -LiteralPath (Join-Path $Folder $Leftover) | Should -BeFalse
            Get-DownloadCount | Should -Be 0
            Get-Credit | Should -Be $CreditsBefore
        }

        It 'a file where the folder should be is InvalidPath before any request' {
            $file = Join-Path $Folder 'notes.txt'
            Set-Content -LiteralPath $file -Value 'notes'
            $record = Invoke-ForError { Save-TrackyardTrack -Id $ChapterId -Path (Join-Path $file 'clip.mp3') }
            $record.FullyQualifiedErrorId | Should -BeLike 'InvalidPath,*'
            $record.Exception | Should -BeOfType ([Trackyard.TrackyardApiException])
            $record.Terminating | Should -BeTrue
            Get-DownloadCount | Should -Be 0
        }

        It 'folder and path errors are TrackyardApiExceptions with their own kind: <ErrorId>' -TestCases @(
            @{ ErrorId = 'NotFileSystemPath'; Path = 'Env:\TrackyardTest' }
            @{ ErrorId = 'FolderNotFound'; Path = 'TestDrive:\no\such\folder\' }
            @{ ErrorId = 'InvalidPath'; Path = 'NoSuchDrive:\clips' }
        ) {
            param($ErrorId, $Path)
            $kind = $null
            try { Save-TrackyardTrack -Id $ChapterId -Path $Path }
            catch [Trackyard.TrackyardApiException] { $kind = $_.Exception.Kind; $id = $_.FullyQualifiedErrorId }
            $kind | Should -Be $ErrorId
            $id | Should -BeLike "$ErrorId,*"
            Get-DownloadCount | Should -Be 0
        }
    }

    Context '-Force replaces regular files only' {
        It 'a FIFO is NotARegularFile, with or without -Force, and stays a FIFO' {
            if ($IsWindows) { Set-ItResult -Skipped -Because 'mkfifo is a Unix tool'; return }
            $fifo = Join-Path $Folder 'pipe.mp3'
            & mkfifo $fifo
            foreach ($force in $false, $true) {
                $record = Invoke-ForError { Save-TrackyardTrack -Id $ChapterId -Path $fifo -DurationSeconds 10 -Force:$force }
                $record.FullyQualifiedErrorId | Should -BeLike 'NotARegularFile,*'
                $record.Exception | Should -BeOfType ([Trackyard.TrackyardApiException])
                $record.ErrorDetails.Message | Should -Match 'FIFO'
                $record.ErrorDetails.Message | Should -Match 'no credit spent'
            }
            Get-UnixFileType $fifo | Should -Be 'p'
            Get-DownloadCount | Should -Be 0
            Get-Credit | Should -Be $CreditsBefore
        }

        It 'a <Kind> device node (a twin of /dev/null or /dev/loop0) is never replaced, even by root with -Force' -TestCases @(
            @{ Kind = 'character'; Type = 'c'; Major = 1; Minor = 3; Word = 'character device' }
            @{ Kind = 'block'; Type = 'b'; Major = 7; Minor = 0; Word = 'block device' }
        ) {
            param($Kind, $Type, $Major, $Minor, $Word)
            if ($RootSkipReason) { Set-ItResult -Skipped -Because $RootSkipReason; return }
            # A node of our own in the test folder, never the machine's /dev/null: a regression here must not
            # break the device every other process on this machine writes to.
            $node = Join-Path $Folder "device-$Type"
            & mknod $node $Type $Major $Minor
            $record = Invoke-ForError { Save-TrackyardTrack -Id $ChapterId -Path $node -DurationSeconds 10 -Force }
            $record.FullyQualifiedErrorId | Should -BeLike 'NotARegularFile,*'
            $record.ErrorDetails.Message | Should -Match $Word
            Get-UnixFileType $node | Should -Be $Type
            Get-DownloadCount | Should -Be 0
            Get-Credit | Should -Be $CreditsBefore
            @(Get-ChildItem -LiteralPath $Folder -Force).Count | Should -Be 1 -Because 'no temporary file was left'
        }

        It 'a socket is NotARegularFile' {
            if ($IsWindows) { Set-ItResult -Skipped -Because 'Unix domain sockets as files are tested on Unix'; return }
            $path = Join-Path $Folder 'socket.mp3'
            $socket = [System.Net.Sockets.Socket]::new([System.Net.Sockets.AddressFamily]::Unix, [System.Net.Sockets.SocketType]::Stream, [System.Net.Sockets.ProtocolType]::Unspecified)
            try {
                $socket.Bind([System.Net.Sockets.UnixDomainSocketEndPoint]::new($path))
                $record = Invoke-ForError { Save-TrackyardTrack -Id $ChapterId -Path $path -Force }
                $record.FullyQualifiedErrorId | Should -BeLike 'NotARegularFile,*'
                $record.ErrorDetails.Message | Should -Match 'socket'
                Get-UnixFileType $path | Should -Be 's'
                Get-DownloadCount | Should -Be 0
            }
            finally {
                $socket.Dispose()
            }
        }

        It 'a folder with the predicted name of a piped track is NotARegularFile before the request' {
            $null = New-Item -ItemType Directory -Path (Join-Path $Folder $ChapterFile)
            $track = [Trackyard.Track]@{ Id = $ChapterId; Title = $ChapterTitle }
            $record = Invoke-ForError { $track | Save-TrackyardTrack -Path $Folder -DurationSeconds 10 -Force }
            $record.FullyQualifiedErrorId | Should -BeLike 'NotARegularFile,*'
            $record.ErrorDetails.Message | Should -Match 'folder'
            $record.ErrorDetails.Message | Should -Match 'no credit spent'
            Get-DownloadCount | Should -Be 0
            Get-Credit | Should -Be $CreditsBefore
        }

        It 'a folder with the name the server sends is refused once the name is known, before the body is read' {
            $null = New-Item -ItemType Directory -Path (Join-Path $Folder $ChapterFile)
            $record = Invoke-ForError { Save-TrackyardTrack -Id $ChapterId -Path $Folder -DurationSeconds 10 -Force }
            $record.FullyQualifiedErrorId | Should -BeLike 'NotARegularFile,*'
            $record.Terminating | Should -BeFalse
            $record.ErrorDetails.Message | Should -Match 'cost 1 credit'
            Test-Path -LiteralPath (Join-Path $Folder $ChapterFile) -PathType Container | Should -BeTrue
            @(Get-ChildItem -LiteralPath $Folder -Force -File).Count | Should -Be 0 -Because 'no temporary file was left'
            Wait-DownloadCount 1 | Should -Be 1
        }

        It 'replacing a regular file keeps its mode bits' {
            if ($IsWindows) { Set-ItResult -Skipped -Because 'Unix mode bits'; return }
            $existing = Join-Path $Folder $ChapterFile
            Set-Content -LiteralPath $existing -Value 'old'
            & chmod 0640 $existing
            $file = Save-TrackyardTrack -Id $ChapterId -Path $Folder -DurationSeconds 10 -Force -PassThru
            $file.Length | Should -BeGreaterThan 100000
            & stat -c '%a' -- $existing | Should -Be '640'
        }

        It 'replacing a regular file keeps its owner and group when run as root' {
            if ($RootSkipReason) { Set-ItResult -Skipped -Because $RootSkipReason; return }
            $existing = Join-Path $Folder 'mine.mp3'
            Set-Content -LiteralPath $existing -Value 'old'
            & chown 1234:2345 $existing
            & chmod 0604 $existing
            $null = Save-TrackyardTrack -Id $ChapterId -Path $existing -DurationSeconds 10 -Force
            (Get-Item -LiteralPath $existing).Length | Should -BeGreaterThan 100000
            & stat -c '%u:%g %a' -- $existing | Should -Be '1234:2345 604'
        }
    }

    Context 'paths as PowerShell resolves them' {
        It '-Path resolves a wildcard that matches one folder' {
            $null = New-Item -ItemType Directory -Path (Join-Path $Folder 'clips-2026')
            $file = Save-TrackyardTrack -Id $ChapterId -Path (Join-Path $Folder 'clips-*') -DurationSeconds 10 -PassThru
            $file.FullName | Should -Be (Join-Path $Folder "clips-2026/$ChapterFile")
        }

        It '-Path refuses a wildcard that matches <Case>, before any request' -TestCases @(
            @{ Case = 'several folders'; Folders = @('a1', 'a2'); Pattern = 'a*'; Match = 'matches 2' }
            @{ Case = 'nothing'; Folders = @('a1'); Pattern = 'z*'; Match = 'matches nothing' }
        ) {
            param($Case, $Folders, $Pattern, $Match)
            foreach ($name in $Folders) { $null = New-Item -ItemType Directory -Path (Join-Path $Folder $name) }
            $record = Invoke-ForError { $ChapterId, 'HostileTitle000000000000002' | Save-TrackyardTrack -Path (Join-Path $Folder $Pattern) }
            $record.FullyQualifiedErrorId | Should -BeLike 'InvalidPath,*'
            $record.Terminating | Should -BeTrue
            $record.Exception.Message | Should -Match $Match
            $record.Exception.Message | Should -Match '-LiteralPath'
            Get-DownloadCount | Should -Be 0
        }

        It '-LiteralPath takes brackets literally, where -Path sees a wildcard' {
            $brackets = New-Item -ItemType Directory -Path (Join-Path $Folder 'clips [1]') | Select-Object -ExpandProperty FullName
            $file = Save-TrackyardTrack -Id $ChapterId -LiteralPath $brackets -DurationSeconds 10 -PassThru
            $file.DirectoryName | Should -Be $brackets
            $record = Invoke-ForError { Save-TrackyardTrack -Id $ChapterId -Path $brackets -DurationSeconds 10 }
            $record.FullyQualifiedErrorId | Should -BeLike 'InvalidPath,*'
            Wait-DownloadCount 1 | Should -Be 1
        }

        It '-Path is relative to the current location, and takes PSDrives and ~' {
            $null = New-Item -ItemType Directory -Path (Join-Path $Folder 'here')
            Push-Location -LiteralPath $Folder
            try {
                (Save-TrackyardTrack -Id $ChapterId -Path 'here' -DurationSeconds 10 -PassThru).DirectoryName | Should -Be (Join-Path $Folder 'here')
            }
            finally {
                Pop-Location
            }

            $null = New-PSDrive -Name TrackyardTest -PSProvider FileSystem -Root $Folder
            try {
                (Save-TrackyardTrack -Id $ChapterId -Path 'TrackyardTest:\' -DurationSeconds 10 -PassThru).DirectoryName | Should -Be $Folder
            }
            finally {
                Remove-PSDrive -Name TrackyardTest
            }

            $homeFolder = New-Item -ItemType Directory -Path (Join-Path $HOME ('trackyard-test-' + [guid]::NewGuid().ToString('n')))
            try {
                (Save-TrackyardTrack -Id $ChapterId -Path "~/$($homeFolder.Name)" -DurationSeconds 10 -PassThru).DirectoryName | Should -Be $homeFolder.FullName
            }
            finally {
                Remove-Item -LiteralPath $homeFolder.FullName -Recurse -Force
            }
            Wait-DownloadCount 3 | Should -Be 3
        }

        It 'a folder piped in is where -Id goes (-LiteralPath from its PSPath), and -PSPath is an alias' {
            $file = Get-Item -LiteralPath $Folder | Save-TrackyardTrack -Id $ChapterId -DurationSeconds 10 -PassThru
            $file.FullName | Should -Be (Join-Path $Folder $ChapterFile)
            $other = New-TestFolder
            (Save-TrackyardTrack -Id $ChapterId -PSPath $other -DurationSeconds 10 -PassThru).DirectoryName | Should -Be $other
        }

        It 'a file piped in is neither a track id nor a destination: nothing is sent' {
            $ids = Join-Path $Folder 'ids.txt'
            Set-Content -LiteralPath $ids -Value $ChapterId
            $global:Error.Clear()
            Get-Item -LiteralPath $ids | Save-TrackyardTrack -ErrorAction SilentlyContinue
            $global:Error[0].Exception.Message | Should -Match 'not a track id'
            $record = Invoke-ForError { Get-Item -LiteralPath $ids | Save-TrackyardTrack -Id $ChapterId -Force }
            $record.FullyQualifiedErrorId | Should -BeLike 'InvalidPath,*'
            Get-Content -LiteralPath $ids | Should -Be $ChapterId
            Get-DownloadCount | Should -Be 0
        }

        It 'lines of Get-Content are track ids; the file they came from is not the destination' {
            $ids = Join-Path $Folder 'ids.txt'
            Set-Content -LiteralPath $ids -Value $ChapterId, 'HostileTitle000000000000002'
            $target = New-TestFolder
            $files = @(Get-Content -LiteralPath $ids | Save-TrackyardTrack -Path $target -DurationSeconds 10 -PassThru)
            $files.Count | Should -Be 2
            $files.DirectoryName | Select-Object -Unique | Should -Be $target

            # Without -Path the lines bind -LiteralPath by their PSPath (ids.txt): ignored, they go to the current location.
            $here = New-TestFolder
            Push-Location -LiteralPath $here
            try {
                $files = @(Get-Content -LiteralPath $ids | Save-TrackyardTrack -DurationSeconds 10 -PassThru)
            }
            finally {
                Pop-Location
            }
            $files.Count | Should -Be 2
            $files.DirectoryName | Select-Object -Unique | Should -Be $here
            Get-Content -LiteralPath $ids | Should -Be @($ChapterId, 'HostileTitle000000000000002')
            Wait-DownloadCount 4 | Should -Be 4
        }
    }

    Context 'tracks piped in predict their file name' {
        It 'an existing file for a piped track is reported before the request (no credit); -SkipExisting skips it with a verbose line' {
            $existing = Join-Path $Folder $ChapterFile
            Set-Content -LiteralPath $existing -Value 'old' -NoNewline
            $track = [Trackyard.Track]@{ Id = $ChapterId; Title = $ChapterTitle }

            $record = Invoke-ForError { $track | Save-TrackyardTrack -Path $Folder -DurationSeconds 10 }
            $record.FullyQualifiedErrorId | Should -BeLike 'FileExists,*'
            $record.Exception | Should -BeOfType ([Trackyard.TrackyardApiException])
            $record.Terminating | Should -BeFalse
            $record.ErrorDetails.Message | Should -Match 'no credit spent'
            $record.ErrorDetails.Message | Should -Match ([regex]::Escape($ChapterTitle))

            $global:Error.Clear()
            $verbose = $track | Save-TrackyardTrack -Path $Folder -DurationSeconds 10 -SkipExisting -Verbose 4>&1
            @($global:Error).Count | Should -Be 0
            ($verbose | Out-String) | Should -Match "Skipping .*$([regex]::Escape($ChapterTitle)).*already exists.*no credit"

            Get-Content -LiteralPath $existing -Raw | Should -Be 'old'
            Get-DownloadCount | Should -Be 0
            Get-Credit | Should -Be $CreditsBefore
        }

        It 're-running the README clip pipeline spends nothing: the files are there and the search page is cached' {
            $clips = New-TestFolder 'clips'
            $first = @(Search-TrackyardTrack 'calm piano' -First 3 | Save-TrackyardTrack -Path $clips -DurationSeconds 30 -PassThru)
            $first.Count | Should -Be 3
            Wait-DownloadCount 3 | Should -Be 3
            $before = Get-Credit

            $again = @(Search-TrackyardTrack 'calm piano' -First 3 | Save-TrackyardTrack -Path $clips -DurationSeconds 30 -SkipExisting -PassThru)
            $again.Count | Should -Be 0
            Get-DownloadCount | Should -Be 3 -Because 'no download was sent the second time'
            Get-Credit | Should -Be $before -Because 'the search page came from the connection''s cache and no download was sent'
        }

        It '-Force and -SkipExisting together are InvalidInput before any request' {
            $record = Invoke-ForError { Save-TrackyardTrack -Id $ChapterId -Path $Folder -Force -SkipExisting }
            $record.FullyQualifiedErrorId | Should -BeLike 'InvalidInput,*'
            Get-DownloadCount | Should -Be 0
        }

        It '-WhatIf names the title of a piped track, the file and the cost, and sends nothing' {
            $tracks = @(
                [Trackyard.Track]@{ Id = $ChapterId; Title = $ChapterTitle }
                [Trackyard.Track]@{ Id = 'HostileTitle000000000000002'; Title = "Back\Slash Blues" }
            )
            $text = (Invoke-InTestHost {
                    param($Tracks, $Folder)
                    $Tracks | Save-TrackyardTrack -Path $Folder -DurationSeconds 22.5 -WhatIf
                    Save-TrackyardTrack -Id 'HostileTitle000000000000006' -Path $Folder -WhatIf
                } -ArgumentList $tracks, $Folder).HostText
            $text | Should -Match ([regex]::Escape("Download '$ChapterTitle' (track $ChapterId) as a 22.5 s clip, 1 credit"))
            $text | Should -Match ([regex]::Escape((Join-Path $Folder $ChapterFile)))
            $text | Should -Match ([regex]::Escape("Download track HostileTitle000000000000006, 1 credit"))
            $text | Should -Match ([regex]::Escape("$Folder (named by Trackyard)"))
            $text | Should -Not -Match 'no credit'
            Get-DownloadCount | Should -Be 0
            @(Get-ChildItem -LiteralPath $Folder -Force).Count | Should -Be 0
        }
    }
}
