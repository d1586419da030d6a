BeforeDiscovery {
    $script:CmdletNames = @(
        'Connect-Trackyard', 'Disconnect-Trackyard', 'Get-TrackyardConnection', 'Search-TrackyardTrack',
        'Save-TrackyardTrack', 'Get-TrackyardAccount', 'Get-TrackyardUsage'
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-Module (Join-Path $RepoRoot 'tools/HelpGenerator.psm1') -Force
    $script:Common = [System.Management.Automation.PSCmdlet]::CommonParameters
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

    It 'documents every parameter' {
        $parameters = $Command.Parameters.Keys | Where-Object { $_ -notin $Common }
        foreach ($parameter in $parameters) {
            $text = (Get-Help $Name -Parameter $parameter).Description.Text -join ' '
            $text | Should -Not -BeNullOrEmpty -Because "-$parameter of $Name must be documented"
        }
    }
}

Describe 'about_Trackyard' {
    It 'is installed with the module and covers the topics users look for' {
        $about = Get-Help about_Trackyard | Out-String
        foreach ($topic in 'CONNECTING', 'CREDITS', 'RATE LIMITS', 'ERRORS', 'RUNBOOKS', 'TRACKYARD_API_KEY', 'EMULATOR') {
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
