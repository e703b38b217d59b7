// The storage account's firewall with the fixed outbound IP on: only the app's integration subnet
// (through its Microsoft.Storage service endpoint) and the listed public addresses get through.
// main.bicep deploys this after the function app has joined the subnet, so turning the fixed IP on for
// an app that already runs never locks it out of its own storage; storage.bicep meanwhile sends no
// network rules (keepNetworkRules), so a redeployment never opens a locked account either.
//
// ARM writes a resource whole (PUT), so this is the account of storage.bicep again with locked network
// rules: every other property is repeated here exactly as it is there, and
// StorageFirewallTests compares the two property by property.

@description('Name of the storage account (the one storage.bicep deploys).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region of the storage account.')
param location string

@description('Tags applied to the storage account.')
param tags object

@description('Resource id of the only subnet the account admits (service endpoint Microsoft.Storage).')
@minLength(1)
param allowedSubnetId string

@description('Public IPv4 addresses or CIDR ranges also admitted (e.g. whoever reads the push queue from outside the subnet). Storage takes single addresses, not /31 or /32 ranges, and no private ranges.')
param allowedIpRanges array

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowCrossTenantReplication: false
    accessTier: 'Hot'
    dnsEndpointType: 'Standard'
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Deny'
      // No trusted-service exception: nothing here needs one.
      bypass: 'None'
      virtualNetworkRules: [
        {
          id: allowedSubnetId
          action: 'Allow'
        }
      ]
      ipRules: map(allowedIpRanges, range => { value: range, action: 'Allow' })
    }
  }
}
