// The function app's own storage account: host state (AzureWebJobsStorage), the Flex Consumption
// deployment package, and the push receiver's queue and deduplication markers. Identity-only: shared
// keys are off, so there is no connection string to leak.
//
// Network: open to every network (identity still required), unless the fixed outbound IP is on: then
// storage-firewall.bicep admits only the app's integration subnet (through its Microsoft.Storage service
// endpoint) and the listed addresses, once the app has joined the subnet, and this module sends no
// network rules at all (keepNetworkRules), so a redeployment neither opens a locked account nor locks
// out an app that has not joined the subnet yet. Microsoft's Flex Consumption samples reach the same end in their VNet mode with private
// endpoints and private DNS zones; a network rule on a service endpoint does it without the hourly
// price of three endpoints or the DNS zones, at the cost of keeping the public endpoint (which then
// refuses every other network). Deployment keeps working: `azd deploy` and
// `az functionapp deployment source config-zip` send the package to the app's own publish endpoint,
// and the platform writes it to the deployment container with the app's identity through the app's
// virtual network integration, not from the operator's machine (Azure-Samples/
// azure-functions-flex-consumption-samples issue #41: that upload fails with only the operator's IP
// admitted and works once the app's subnet is; Microsoft's samples deploy with `azd` to accounts whose
// public access is off altogether).
// Creating the containers, the queue and the lifecycle rule below is control-plane work that the
// firewall does not affect.

@description('Name of the storage account (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region of the storage account.')
param location string

@description('Tags applied to the storage account.')
param tags object

@description('Blob container that holds the deployment package (functionAppConfig.deployment.storage).')
param deploymentContainerName string

@description('The Functions host\'s own containers, created here so the identity\'s roles can be scoped to them (rbac.bicep): hostLocks (azure-webjobs-hosts) and hostKeys (azure-webjobs-secrets).')
param hostContainerNames object

@description('Queue the push receiver writes each add_express_path event to.')
param pushQueueName string

@description('The webhook relay\'s queues: its retry queue and the poison (dead-letter) queues of both queue triggers.')
param relayQueueNames array

@description('Blob container the push receiver writes its deduplication markers to.')
param dedupContainerName string

@description('Send no network rules: the account keeps the ones it has (a new account starts open). True when the fixed outbound IP is on (storage-firewall.bicep then writes the rules after the app has joined the subnet); false: open to every network.')
param keepNetworkRules bool

// A marker only has to outlive WeChat's redeliveries of one event (three tries within minutes) and a
// replay of an old one; thirty days is far beyond both and keeps the container from growing forever.
var dedupMarkerRetentionDays = 30

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    // Entra ID only: no account keys, no SAS signed with them.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowCrossTenantReplication: false
    accessTier: 'Hot'
    dnsEndpointType: 'Standard'
    // Enabled either way: the network rules decide who gets through ('Disabled' would refuse the
    // subnet's service endpoint and the allowed addresses too).
    publicNetworkAccess: 'Enabled'
    networkAcls: keepNetworkRules
      ? null
      : {
          defaultAction: 'Allow'
          bypass: 'AzureServices'
          virtualNetworkRules: []
          ipRules: []
        }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2024-01-01' = {
  parent: storage
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

// The host would create these itself on first start; created here so rbac.bicep can grant the identity
// its role on each container instead of the whole account.
resource hostLocksContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = {
  parent: blobService
  name: hostContainerNames.hostLocks
  properties: {
    publicAccess: 'None'
  }
}

resource hostKeysContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = {
  parent: blobService
  name: hostContainerNames.hostKeys
  properties: {
    publicAccess: 'None'
  }
}

// One empty blob per event update (DeliveryID, WayBillId, Version), created only if absent, so the
// queue gets at most one message per update however many instances receive WeChat's redeliveries.
resource dedupContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = {
  parent: blobService
  name: dedupContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2024-01-01' = {
  parent: storage
  name: 'default'
}

// Declared here, not created by the app: the app's identity may only add messages to it (rbac.bicep).
resource pushQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2024-01-01' = {
  parent: queueService
  name: pushQueueName
}

// Declared here for the same reason: the relay and the host's queue listener may add messages, not create queues.
resource relayQueues 'Microsoft.Storage/storageAccounts/queueServices/queues@2024-01-01' = [
  for queueName in relayQueueNames: {
    parent: queueService
    name: queueName
  }
]

// Lifecycle management deletes the markers; prefixMatch is '<container>/' (a blob name prefix that
// starts with the container name). Rule names are letters and digits only.
resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2024-01-01' = {
  parent: storage
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'deletePushDedupMarkers'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                '${dedupContainer.name}/'
              ]
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterModificationGreaterThan: dedupMarkerRetentionDays
                }
              }
            }
          }
        }
      ]
    }
  }
}

@description('Name of the storage account.')
output name string = storage.name

@description('Blob endpoint of the storage account, e.g. https://<name>.blob.core.windows.net/.')
output blobEndpoint string = storage.properties.primaryEndpoints.blob

@description('Queue endpoint of the storage account, e.g. https://<name>.queue.core.windows.net/.')
output queueEndpoint string = storage.properties.primaryEndpoints.queue

@description('Name of the push queue.')
output pushQueueName string = pushQueue.name
