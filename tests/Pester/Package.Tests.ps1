# The package as a user gets it: tools/Test-ModulePackage.ps1 (also `build.ps1 -Task Package`) publishes the built
# module to a local folder repository, installs it with Install-PSResource into a temporary module folder, imports
# it by name in a fresh pwsh and searches the emulator. About 10-15 s.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:ManifestPath = Join-Path $RepoRoot 'out/Trackyard/Trackyard.psd1'
    $props = [xml](Get-Content -Raw (Join-Path $RepoRoot 'Directory.Build.props'))
    $group = $props.Project.PropertyGroup | Where-Object { $_['TrackyardVersion'] } | Select-Object -First 1
    $script:Version = $group.TrackyardVersion
    $script:Prerelease = $group.TrackyardPrerelease
}

Describe 'The manifest' {
    It 'passes Test-ModuleManifest and has what the Gallery shows' {
        # Test-ModuleManifest, not Import-PowerShellDataFile: RootModule is chosen by $PSEdition.
        $module = Test-ModuleManifest -Path $ManifestPath
        $text = Get-Content -Raw -LiteralPath $ManifestPath

        $module.Version | Should -Be ([version]$Version)
        $module.PrivateData.PSData.Prerelease | Should -Be $Prerelease
        $module.RootModule | Should -Be 'net8.0/Trackyard.dll'
        $text | Should -Match "else \{ 'netstandard2.0/Trackyard.dll' \}"
        $module.ExportedCmdlets.Count | Should -BeGreaterThan 0
        $text | Should -Not -Match "CmdletsToExport\s*=\s*'\*'"
        $module.ExportedFunctions.Count + $module.ExportedAliases.Count + $module.ExportedVariables.Count | Should -Be 0
        $module.CompatiblePSEditions | Should -Be @('Core', 'Desktop')
        $module.PowerShellVersion | Should -Not -BeNullOrEmpty
        Split-Path -Leaf $module.ExportedFormatFiles | Should -Be @('Trackyard.Format.ps1xml')
        foreach ($tag in 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS') {
            $module.PrivateData.PSData.Tags | Should -Contain $tag
        }
        foreach ($uri in 'ProjectUri', 'LicenseUri') {
            [uri]::IsWellFormedUriString($module.PrivateData.PSData[$uri], 'Absolute') | Should -BeTrue -Because $uri
        }
        $module.PrivateData.PSData.ReleaseNotes | Should -Not -BeNullOrEmpty
    }
}

Describe 'The package' {
    BeforeAll {
        $script:Result = & (Join-Path $RepoRoot 'tools/Test-ModulePackage.ps1') `
            -ModuleFolder (Join-Path $RepoRoot 'out/Trackyard') -OutFolder (Join-Path $RepoRoot 'out/package')
    }

    It 'is named Trackyard.{version}-{prerelease}.nupkg, as PSResourceGet names it' {
        $expected = "Trackyard.$Version$(if ($Prerelease) { "-$Prerelease" }).nupkg"
        Split-Path -Leaf $Result.Package | Should -Be $expected
        $Result.Package | Should -Exist
    }

    It 'installs with Install-PSResource and imports by name in a fresh pwsh, at the right version' {
        $Result.ImportedAs | Should -Be "$Version-$Prerelease"
        $Result.ModuleBase | Should -BeLike "$($Result.InstalledTo)*"
        $Result.ModuleBase | Should -Not -BeLike "$RepoRoot*"
    }

    It 'holds the module, its help and its isolated dependencies' {
        foreach ($file in 'Trackyard.psd1', 'Trackyard.Format.ps1xml', 'en-US/Trackyard.dll-Help.xml', 'en-US/about_Trackyard.help.txt') {
            $Result.Files | Should -Contain $file
        }
        foreach ($framework in 'net8.0', 'netstandard2.0') {
            foreach ($file in 'Trackyard.dll', 'Dependencies/Polly.Core.dll', 'Dependencies/Trackyard.Resilience.dll') {
                $Result.Files | Should -Contain "$framework/$file"
            }
            $Result.Files | Should -Not -Contain "$framework/Polly.Core.dll"
        }
    }

    It 'searches the emulator from the installed module' {
        $Result.Tracks | Should -Be 3
        $Result.FirstTrack | Should -Not -BeNullOrEmpty
    }
}
