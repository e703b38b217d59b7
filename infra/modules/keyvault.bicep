// The Key Vault that holds the WeChat secrets: the AppSecret and the message-push Token and
// EncodingAESKey (and, during a key rotation, the previous EncodingAESKey). Access is Azure RBAC only
// (no access policies).
// The secrets themselves are NOT declared here: their values must never pass through deployment
// parameters, outputs or history, so the operator sets each once with `az keyvault secret set`
// (docs/deploy.md). Declaring a secret resource without a value would also be wrong:
// every redeployment would write a new, empty version over the operator's value.
//
// Network: open to every network (an Entra ID token with a data-plane role is still required) unless
// allowedSubnetId is given; then only the app's integration subnet (through its Microsoft.KeyVault
// service endpoint) and allowedIpRanges get through. main.bicep deploys this module twice when the fixed
// outbound IP is on: first with keepNetworkRules (the request carries no rules, so a running app that has
// not joined the subnet yet is not locked out), then, once the app is in the subnet, with the subnet. The operator sets the secrets from outside the
// virtual network, so a locked vault needs the operator's public IP in allowedIpRanges (or a temporary
// `az keyvault network-rule add`, which the next deployment removes again).

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

@description('Resource id of the only subnet the vault admits (service endpoint Microsoft.KeyVault); empty: every network.')
param allowedSubnetId string

@description('Public IPv4 addresses or CIDR ranges also admitted when the vault is locked to the subnet (the operator who sets the secrets).')
param allowedIpRanges array

@description('Send no network rules: the vault keeps the ones it has (a new vault starts open). For the deployment that runs before the app has joined the subnet; allowedSubnetId and allowedIpRanges are then ignored.')
param keepNetworkRules bool = false

var lockedToSubnet = !empty(allowedSubnetId)

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
    // Enabled either way: the network rules below decide who gets through ('Disabled' would refuse
    // the subnet's service endpoint and the allowed addresses too).
    publicNetworkAccess: 'Enabled'
    networkAcls: keepNetworkRules ? null : {
      defaultAction: lockedToSubnet ? 'Deny' : 'Allow'
      // No trusted-service exception when locked: no Azure service reads these secrets for the app.
      bypass: lockedToSubnet ? 'None' : 'AzureServices'
      virtualNetworkRules: lockedToSubnet
        ? [
            {
              id: allowedSubnetId
            }
          ]
        : []
      ipRules: lockedToSubnet ? map(allowedIpRanges, range => { value: range }) : []
    }
  }
}

@description('Name of the vault.')
output name string = vault.name

@description('URI of the vault, e.g. https://<name>.vault.azure.net/, for KeyVault__VaultUri.')
output uri string = vault.properties.vaultUri
