// Optional fixed outbound IP. WeChat's API refuses calls from addresses missing in the mini-program's
// IP whitelist (errcode 40164), and a Flex Consumption app's outbound addresses are shared and change.
// On Flex Consumption, virtual network integration sends all of the app's outbound traffic into this
// subnet (there is no per-app routing switch to set), and the subnet's NAT gateway sends what goes to
// the internet from one static public IP, the one to whitelist in WeChat.
// The subnet also carries service endpoints for Storage and Key Vault, so that those two can admit this
// subnet by a network rule and refuse every other network (storage.bicep, keyvault.bicep). Traffic to
// them then takes the service endpoint, not the NAT gateway; WeChat's API is the internet and does not.

@description('Name of the virtual network.')
param virtualNetworkName string

@description('Name of the NAT gateway.')
param natGatewayName string

@description('Name of the static public IP the NAT gateway sends traffic from.')
param publicIpName string

@description('Azure region of the network resources (must be the function app\'s region).')
param location string

@description('Tags applied to the network resources.')
param tags object

@description('Address space of the virtual network.')
param addressPrefix string = '10.40.0.0/16'

@description('Address range of the integration subnet; Flex Consumption needs one address per instance (/24 leaves room).')
param subnetPrefix string = '10.40.0.0/24'

var subnetName = 'snet-functions'

resource publicIp 'Microsoft.Network/publicIPAddresses@2024-05-01' = {
  name: publicIpName
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Regional'
  }
  properties: {
    publicIPAddressVersion: 'IPv4'
    publicIPAllocationMethod: 'Static'
    idleTimeoutInMinutes: 4
  }
}

resource natGateway 'Microsoft.Network/natGateways@2024-05-01' = {
  name: natGatewayName
  location: location
  tags: tags
  sku: {
    name: 'Standard'
  }
  properties: {
    idleTimeoutInMinutes: 4
    publicIpAddresses: [
      {
        id: publicIp.id
      }
    ]
  }
}

resource virtualNetwork 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: virtualNetworkName
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        addressPrefix
      ]
    }
    subnets: [
      {
        name: subnetName
        properties: {
          addressPrefix: subnetPrefix
          // Flex Consumption runs on the Container Apps platform: its integration subnet is delegated
          // to Microsoft.App/environments (not Microsoft.Web/serverFarms as for Premium/Dedicated),
          // and the subscription needs the Microsoft.App resource provider registered.
          delegations: [
            {
              name: 'flex-consumption'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
          natGateway: {
            id: natGateway.id
          }
          // Free, unlike private endpoints: the storage and vault firewalls see this subnet as the
          // source and can admit it alone.
          serviceEndpoints: [
            {
              service: 'Microsoft.Storage'
            }
            {
              service: 'Microsoft.KeyVault'
            }
          ]
          privateEndpointNetworkPolicies: 'Disabled'
          privateLinkServiceNetworkPolicies: 'Enabled'
        }
      }
    ]
  }
}

@description('Resource id of the integration subnet, for the site\'s virtualNetworkSubnetId.')
output subnetId string = resourceId('Microsoft.Network/virtualNetworks/subnets', virtualNetwork.name, subnetName)

@description('The static public IP all outbound traffic of the app leaves from.')
output outboundIpAddress string = publicIp.properties.ipAddress
