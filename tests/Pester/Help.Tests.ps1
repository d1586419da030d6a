BeforeDiscovery {
    $script:CmdletNames = @(
        'Connect-Trackyard', 'Disconnect-Trackyard', 'Get-TrackyardConnection', 'Search-TrackyardTrack',
        'Save-TrackyardTrack', 'Get-TrackyardAccount', 'Get-TrackyardUsage', 'Clear-TrackyardCache'
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-Module (Join-Path $RepoRoot 'tools/HelpGenerator.psm1') -Force
    $script:Common = [System.Management.Automation.PSCmdlet]::CommonParameters
    # Test-ModuleManifest, not Import-PowerShellDataFile: the manifest picks its RootModule by $PSEdition.
    $script:ProjectUri = (Test-ModuleManifest (Join-Path $RepoRoot 'out/Trackyard/Trackyard.psd1')).PrivateData.PSData.ProjectUri
}

Describe 'Help for <_>' -ForEach $CmdletNames {
    BeforeAll {
        $script:Name = $_
        $script:Help = Get-Help $Name -Full
        $script:Command = Get-Command $Name
    }

    It 'exists for every cmdlet the module exports' {
        $Command.Module.Name | Should -Be 'Trackyard'
    }

    It 'has a synopsis, a description, inputs and outputs' {
        $Help.Synopsis | Should -Not -BeNullOrEmpty
        $Help.Synopsis | Should -Not -Match ([regex]::Escape($Name) + '\s*\[')   # not the auto-generated syntax line
        ($Help.Description.Text -join ' ') | Should -Not -BeNullOrEmpty
        $Help.inputTypes.inputType.type.name | Should -Not -BeNullOrEmpty
        $Help.returnValues.returnValue.type.name | Should -Not -BeNullOrEmpty
    }

    It 'has at least two examples with code and remarks' {
        @($Help.Examples.Example).Count | Should -BeGreaterOrEqual 2
        foreach ($example in $Help.Examples.Example) {
            $example.Code | Should -Not -BeNullOrEmpty
            ($example.Remarks.Text -join '') | Should -Not -BeNullOrEmpty
        }
    }

    It 'links to its page in the repository, from the cmdlet and from the MAML alike' {
        $page = "$ProjectUri/blob/main/docs/help/$Name.md"
        $Command.HelpUri | Should -Be $page
        Test-Path -LiteralPath (Join-Path $RepoRoot "docs/help/$Name.md") | Should -BeTrue
        # Get-Help -Online opens the first related link that has a URI, and the HelpUri only when there is none.
        @($Help.relatedLinks.navigationLink | Where-Object uri)[0].uri | Should -Be $page
    }

    It 'shows as its default value every default the cmdlet sets in code' {
        $instance = [Activator]::CreateInstance($Command.ImplementingType)
        try {
            foreach ($parameter in $Command.Parameters.Values | Where-Object { $_.Name -notin $Common }) {
                $property = $Command.ImplementingType.GetProperty($parameter.Name)
                $value = if ($property) { $property.GetValue($instance) }
                if ($null -eq $value -or $value -is [switch] -or $value -is [array] -or ($value -is [ValueType] -and $value -eq [Activator]::CreateInstance($value.GetType()))) { continue }
                (Get-Help $Name -Parameter $parameter.Name).defaultValue | Should -Be ([string]$value) -Because "-$($parameter.Name) defaults to $value"
            }
        }
        finally {
            if ($instance -is [IDisposable]) { $instance.Dispose() }
        }
    }

    It 'documents every parameter' {
        $parameters = $Command.Parameters.Keys | Where-Object { $_ -notin $Common }
        foreach ($parameter in $parameters) {
            $text = (Get-Help $Name -Parameter $parameter).Description.Text -join ' '
            $text | Should -Not -BeNullOrEmpty -Because "-$parameter of $Name must be documented"
        }
    }
}

Describe 'Get-Help -Online' {
    It 'opens each cmdlet''s page in the repository with the system''s browser' -Skip:(-not $IsLinux) {
        # A stand-in for xdg-open, which .NET starts for a URL on Linux, that only writes down what it was asked to open.
        $bin = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'browser')
        $opened = Join-Path $bin 'opened.txt'
        $browser = Join-Path $bin 'xdg-open'
        Set-Content -LiteralPath $browser -Value "#!/bin/sh`nprintf '%s\n' `"`$1`" >> '$opened'`n"
        [System.IO.File]::SetUnixFileMode($browser, [System.IO.UnixFileMode]'UserRead, UserWrite, UserExecute')
        $savedPath = $env:PATH
        $env:PATH = "$bin$([System.IO.Path]::PathSeparator)$savedPath"
        try {
            $expected = @()
            foreach ($name in (Get-Command -Module Trackyard -CommandType Cmdlet).Name) {
                $expected += "$ProjectUri/blob/main/docs/help/$name.md"
                Get-Help $name -Online
                $deadline = [DateTime]::UtcNow.AddSeconds(10)
                while (@(Get-Content -LiteralPath $opened -ErrorAction SilentlyContinue).Count -lt $expected.Count -and [DateTime]::UtcNow -lt $deadline) {
                    Start-Sleep -Milliseconds 50
                }
            }
        }
        finally {
            $env:PATH = $savedPath
        }
        $expected.Count | Should -Be 8
        @(Get-Content -LiteralPath $opened) | Should -Be $expected
    }
}

Describe 'Default values in help' {
    BeforeAll {
        Import-TestServer
        $script:Emulator = Start-TrackyardEmulator
    }

    AfterAll {
        Disconnect-Trackyard
        Stop-TrackyardEmulator $Emulator
    }

    It 'are the values a connection gets when Connect-Trackyard is not given them' {
        $connection = Connect-TestEmulator $Emulator -Extra @{ PassThru = $true }
        foreach ($name in 'TimeoutSec', 'MaximumRetryCount', 'MaximumRetryWaitSec', 'RetryOnRateLimit') {
            $default = (Get-Help Connect-Trackyard -Parameter $name).defaultValue
            [string]$connection.$name | Should -Be $default -Because "help says -$name defaults to $default"
        }
        (Get-Help Connect-Trackyard -Parameter TimeoutSec).defaultValue | Should -Be '100'
    }

    It 'is, for -BaseUri, the service Connect-Trackyard reaches when not given one' {
        # Through a proxy on this machine that refuses the https tunnel, so nothing leaves the machine.
        $proxy = [TrackyardTests.ForwardProxy]::new()
        try {
            $record = Invoke-ForError { Connect-Trackyard -ApiKey (ConvertTo-TestKey 'trackyard_test_starter') -Proxy $proxy.Uri -MaximumRetryCount 0 }
            $default = (Get-Help Connect-Trackyard -Parameter BaseUri).defaultValue
            $default | Should -Be 'https://api.trackyard.com/api/external/v1'
            @($proxy.Requests).Method | Should -Be @('CONNECT')
            @($proxy.Requests).Target | Should -Be @("$(([uri]$default).Host):443")
            $record.FullyQualifiedErrorId | Should -BeLike 'ProxyFailed*'
            [string]$record.TargetObject | Should -Be $default
        }
        finally {
            $proxy.Dispose()
        }
    }

    It 'says what an API cmdlet uses when a connection default applies' {
        # The cmdlets that call the API (Clear-TrackyardCache takes -Connection too, but sends nothing).
        $apiCmdlets = @(Get-Command -Module Trackyard -CommandType Cmdlet | Where-Object { $_.Parameters.ContainsKey('Connection') -and $_.Parameters.ContainsKey('RetryOnRateLimit') })
        $apiCmdlets.Count | Should -Be 4
        foreach ($name in $apiCmdlets.Name) {
            (Get-Help $name -Parameter Connection).defaultValue | Should -Be 'The current connection'
            (Get-Help $name -Parameter MaximumRetryCount).defaultValue | Should -Be "The connection's default ($((Get-Help Connect-Trackyard -Parameter MaximumRetryCount).defaultValue))"
            (Get-Help $name -Parameter MaximumRetryWaitSec).defaultValue | Should -Be "The connection's default ($((Get-Help Connect-Trackyard -Parameter MaximumRetryWaitSec).defaultValue))"
        }
    }
}

Describe 'about_Trackyard' {
    It 'is installed with the module and covers the topics users look for' {
        $about = Get-Help about_Trackyard | Out-String
        foreach ($topic in 'CONNECTING', 'CREDITS', 'SPENDING FEWER CREDITS', 'RATE LIMITS', 'ERRORS', 'RUNBOOKS', 'TRACKYARD_API_KEY', 'EMULATOR') {
            $about | Should -Match $topic
        }
    }
}

Describe 'The help generator' {
    It 'reads the sections of a help page' {
        $page = Read-HelpMarkdown -Text @'
# Get-Thing

## SYNOPSIS
Gets a thing.

## DESCRIPTION
First paragraph.

Second paragraph.

## EXAMPLES

### Example 1: One
```powershell
Get-Thing -Name a
```

Remarks one.

### Example 2: Two
```powershell
Get-Thing
```

## PARAMETERS

### -Name
The name.

## INPUTS

### System.String
A name.

## OUTPUTS

### Thing
A thing.

## RELATED LINKS
- about_Thing
'@
        $page.Name | Should -Be 'Get-Thing'
        $page.Synopsis | Should -Be 'Gets a thing.'
        $page.Description | Should -Match 'First paragraph\.\s+Second paragraph\.'
        $page.Examples.Count | Should -Be 2
        $page.Examples[0].Title | Should -Be 'Example 1: One'
        $page.Examples[0].Code | Should -Be 'Get-Thing -Name a'
        $page.Examples[0].Remarks | Should -Be 'Remarks one.'
        $page.Parameters['Name'] | Should -Be 'The name.'
        $page.Inputs['System.String'] | Should -Be 'A name.'
        $page.Outputs['Thing'] | Should -Be 'A thing.'
        $page.Links | Should -Be @('about_Thing')
    }

    It 'reads a parameter''s default value line apart from its description' {
        $page = Read-HelpMarkdown -Text "# Get-Thing`n`n## PARAMETERS`n`n### -Size`nHow big.`n`nDefault value: 3 (small)`n`n### -Name`nThe name.`n"
        $page.Parameters['Size'] | Should -Be 'How big.'
        $page.Defaults['Size'] | Should -Be '3 (small)'
        $page.Defaults.ContainsKey('Name') | Should -BeFalse
    }

    It 'fails the build when a page gives a default that contradicts the code' {
        $folder = Join-Path $TestDrive 'help3'
        Copy-Item -Recurse (Join-Path $RepoRoot 'docs/help') $folder
        $page = Join-Path $folder 'Connect-Trackyard.md'
        (Get-Content -Raw $page) -replace '(?m)^Default value: 100$', 'Default value: 60' | Set-Content $page
        { ConvertTo-MamlHelp -ModuleName Trackyard -MarkdownFolder $folder -OutFile (Join-Path $TestDrive 'out3.xml') } |
            Should -Throw "*-TimeoutSec the default '60', but the cmdlet's default is '100'*"
    }

    It 'fails the build when a parameter is not documented' {
        $folder = Join-Path $TestDrive 'help'
        Copy-Item -Recurse (Join-Path $RepoRoot 'docs/help') $folder
        $page = Join-Path $folder 'Get-TrackyardAccount.md'
        (Get-Content -Raw $page) -replace '(?s)### -MaximumRetryCount.*?(?=###)', '' | Set-Content $page
        { ConvertTo-MamlHelp -ModuleName Trackyard -MarkdownFolder $folder -OutFile (Join-Path $TestDrive 'out.xml') } |
            Should -Throw '*does not document: MaximumRetryCount*'
    }

    It 'fails the build when a page documents a parameter the cmdlet does not have' {
        $folder = Join-Path $TestDrive 'help2'
        Copy-Item -Recurse (Join-Path $RepoRoot 'docs/help') $folder
        Add-Content (Join-Path $folder 'Get-TrackyardAccount.md') "`n## PARAMETERS`n`n### -Bogus`nNot a parameter.`n"
        { ConvertTo-MamlHelp -ModuleName Trackyard -MarkdownFolder $folder -OutFile (Join-Path $TestDrive 'out2.xml') } |
            Should -Throw '*does not have: Bogus*'
    }
}
