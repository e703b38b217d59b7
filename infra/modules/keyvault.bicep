// The Key Vault that holds the WeChat AppSecret. Access is Azure RBAC only (no access policies).
// The secret itself is NOT declared here: its value must never pass through deployment parameters,
// outputs or history, so the operator sets it once with `az keyvault secret set` (README.md, "Deploy to Azure").
// Declaring the secret resource without a value would also be wrong: every redeployment would write
// a new, empty version over the operator's value.

@description('Name of the vault (3-24 letters, digits and hyphens; globally unique).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region of the vault.')
param location string

@description('Tags applied to the vault.')
param tags object

@description('Turn on purge protection: a deleted vault and its secrets cannot be purged before the retention period ends. Irreversible once on.')
param enablePurgeProtection bool

@description('Days a deleted vault or secret stays recoverable (7-90).')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    // The service accepts only true or nothing here (purge protection cannot be switched off).
    enablePurgeProtection: enablePurgeProtection ? true : null
    enabledForDeployment: false
    enabledForDiskEncryption: false
    enabledForTemplateDeployment: false
    // The Flex Consumption app reaches the vault over its public endpoint; every call still needs
    // an Entra ID token with a data-plane role.
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

@description('Name of the vault.')
output name string = vault.name

@description('URI of the vault, e.g. https://<name>.vault.azure.net/, for KeyVault__VaultUri.')
output uri string = vault.properties.vaultUri
