<#
.SYNOPSIS
Writes the module's MAML help from docs/help/*.md. Run by build.ps1 in a fresh pwsh.
#>
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $MarkdownFolder,
    [Parameter(Mandatory)] [string] $OutFile
)
$ErrorActionPreference = 'Stop'
$module = Import-Module $ModuleManifest -PassThru
Import-Module (Join-Path $PSScriptRoot 'HelpGenerator.psm1')
ConvertTo-MamlHelp -ModuleName $module.Name -MarkdownFolder $MarkdownFolder -OutFile $OutFile
