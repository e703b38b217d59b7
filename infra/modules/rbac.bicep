// Every role the function app's identity holds, each scoped as narrowly as the service allows.
// Assignment names are guid(scope, principal, role): stable across redeployments, unique per triple.

@description('Object (principal) id of the function app\'s user-assigned identity.')
param principalId string

@description('Name of the function app\'s storage account.')
param storageAccountName string

@description('The Functions host\'s containers in that account (hostLocks, hostKeys), which the identity owns.')
param hostContainerNames object

@description('Container of the deployment package, which the platform writes and reads with the identity.')
param deploymentContainerName string

@description('Container of the push receiver\'s deduplication markers.')
param dedupContainerName string

@description('Name of the push queue in that account; the identity may add messages to it and nothing else.')
param pushQueueName string

@description('Whether the webhook relay runs (a webhook URL is given): only then does the identity get the roles its queue triggers need.')
param relayEnabled bool

@description('Name of the relay\'s retry queue.')
param relayRetryQueueName string

@description('Name of the dead-letter queue of express-path-events (the relay\'s and the host\'s).')
param relayPoisonQueueName string

@description('Name of the dead-letter queue of the retry queue (the host\'s).')
param relayRetryPoisonQueueName string

@description('Name of the Key Vault that holds the WeChat secrets.')
param keyVaultName string

@description('Name of the Application Insights component.')
param applicationInsightsName string

@description('Optional object id of a person or group who may set the WeChat secrets (Key Vault Secrets Officer on the vault). Empty: no such assignment.')
param deployerPrincipalId string = ''

@description('Create that assignment. False when the same role was already granted to that principal by hand: ARM refuses a second assignment of one role to one principal on one scope (RoleAssignmentExists), and cannot adopt one made under another name.')
param grantDeployerVaultRole bool = true

// Built-in role definition ids (the same in every tenant).
// Storage Blob Data Owner: read, write and lease blobs and manage containers.
var storageBlobDataOwnerRoleId = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
// Storage Blob Data Contributor: read, write and delete blobs (no ownership or ACLs).
var storageBlobDataContributorRoleId = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
// Storage Queue Data Message Sender: add messages to a queue, nothing else (not read, delete or create
// queues). Built-in role c6a89b2d-59bc-44d0-9896-0f6e12d7b80a in Microsoft's "Azure built-in roles" list.
var storageQueueDataMessageSenderRoleId = 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a'
// Storage Queue Data Contributor: read, receive, update and delete messages, and read, write and delete the queue
// it is scoped to. A queue trigger needs Update Message (queues/messages/write), which Storage Queue Data Message
// Processor lacks: the host makes a failed message visible again with it, and a 403 there fails the listener.
var storageQueueDataContributorRoleId = '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
// Key Vault Secrets User: read secret contents, nothing else.
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'
// Key Vault Secrets Officer: create, update and delete secrets (for the person who sets the WeChat secrets).
var keyVaultSecretsOfficerRoleId = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
// Monitoring Metrics Publisher: send telemetry to Application Insights with local auth disabled.
var monitoringMetricsPublisherRoleId = '3913510d-42f4-4e42-8a64-420c390055eb'

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'

    resource hostLocks 'containers' existing = {
      name: hostContainerNames.hostLocks
    }

    resource hostKeys 'containers' existing = {
      name: hostContainerNames.hostKeys
    }

    resource deploymentPackage 'containers' existing = {
      name: deploymentContainerName
    }

    resource dedupMarkers 'containers' existing = {
      name: dedupContainerName
    }
  }

  resource queueService 'queueServices' existing = {
    name: 'default'

    resource pushQueue 'queues' existing = {
      name: pushQueueName
    }

    resource relayRetryQueue 'queues' existing = {
      name: relayRetryQueueName
    }

    resource relayPoisonQueue 'queues' existing = {
      name: relayPoisonQueueName
    }

    resource relayRetryPoisonQueue 'queues' existing = {
      name: relayRetryPoisonQueueName
    }
  }
}

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' existing = {
  name: keyVaultName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

// Blob, one container at a time: nothing of the identity's reaches a container it does not use.
// - The host's own containers (azure-webjobs-hosts: leases and locks; azure-webjobs-secrets: function
//   keys): Storage Blob Data Owner, the role Microsoft documents for host storage with an identity.
// - The deployment package: Storage Blob Data Contributor, the role Flex Consumption documents for
//   deployment storage. The platform's deployment service writes the package with this identity and
//   every instance reads it with it, so the running code could write its own package: no role layout
//   prevents that (docs/deploy.md, "Who can write the deployment package"); the workbook lists every
//   write to the container.
// - The push receiver's deduplication markers (conditional creates and updates): Storage Blob Data
//   Contributor.
// No table role: the app's AzureWebJobsStorage settings name only the blob and queue endpoints
// (functionapp.bicep), so the host does not use tables (its optional diagnostic-events table included).
resource hostLocksOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage::blobService::hostLocks.id, principalId, storageBlobDataOwnerRoleId)
  scope: storage::blobService::hostLocks
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataOwnerRoleId)
  }
}

resource hostKeysOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage::blobService::hostKeys.id, principalId, storageBlobDataOwnerRoleId)
  scope: storage::blobService::hostKeys
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataOwnerRoleId)
  }
}

resource deploymentPackageContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage::blobService::deploymentPackage.id, principalId, storageBlobDataContributorRoleId)
  scope: storage::blobService::deploymentPackage
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributorRoleId)
  }
}

resource dedupMarkersContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage::blobService::dedupMarkers.id, principalId, storageBlobDataContributorRoleId)
  scope: storage::blobService::dedupMarkers
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributorRoleId)
  }
}

// Scoped to the vault, not to each secret. A role assignment on Microsoft.KeyVault/vaults/secrets
// needs the secret to exist when it is deployed, and the only ways to make it exist from Bicep are to
// pass its value through the deployment (ruled out: no secret value goes through parameters, outputs
// or the deployment engine) or to declare it without a value (every redeployment would then write an
// empty version over the operator's value). So the template creates no secret; instead this vault is
// dedicated to this app and holds only the secrets the app reads (the AppSecret, the push Token and
// EncodingAESKeys), so vault scope grants no more than secret scope.
resource keyVaultSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, principalId, keyVaultSecretsUserRoleId)
  scope: vault
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
  }
}

// The deployer (azd passes the signed-in principal) may write the WeChat secrets; the app may not.
// principalType is left out: it may be a user, a group or a pipeline's service principal.
resource keyVaultSecretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (grantDeployerVaultRole && !empty(deployerPrincipalId)) {
  name: guid(vault.id, deployerPrincipalId, keyVaultSecretsOfficerRoleId)
  scope: vault
  properties: {
    principalId: deployerPrincipalId
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsOfficerRoleId)
  }
}

// Scoped to the one queue: the push receiver adds events to express-path-events and may not read,
// delete or touch any other queue.
resource storageQueueDataMessageSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage::queueService::pushQueue.id, principalId, storageQueueDataMessageSenderRoleId)
  scope: storage::queueService::pushQueue
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageQueueDataMessageSenderRoleId)
  }
}

resource monitoringMetricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, principalId, monitoringMetricsPublisherRoleId)
  scope: applicationInsights
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisherRoleId)
  }
}

// The webhook relay, only while it runs. Its two queue triggers receive, release and delete messages on their
// queues (Contributor, each scoped to its one queue; on express-path-events it adds to the receiver's Sender);
// the relay adds retries to its retry queue (covered there) and dead letters to express-path-events-poison, and
// the host moves a message that kept failing to '<queue>-poison' (Sender on both poison queues, nothing more).
resource relayEventsContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (relayEnabled) {
  name: guid(storage::queueService::pushQueue.id, principalId, storageQueueDataContributorRoleId)
  scope: storage::queueService::pushQueue
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageQueueDataContributorRoleId)
  }
}

resource relayRetryContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (relayEnabled) {
  name: guid(storage::queueService::relayRetryQueue.id, principalId, storageQueueDataContributorRoleId)
  scope: storage::queueService::relayRetryQueue
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageQueueDataContributorRoleId)
  }
}

resource relayPoisonSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (relayEnabled) {
  name: guid(storage::queueService::relayPoisonQueue.id, principalId, storageQueueDataMessageSenderRoleId)
  scope: storage::queueService::relayPoisonQueue
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageQueueDataMessageSenderRoleId)
  }
}

resource relayRetryPoisonSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (relayEnabled) {
  name: guid(storage::queueService::relayRetryPoisonQueue.id, principalId, storageQueueDataMessageSenderRoleId)
  scope: storage::queueService::relayRetryPoisonQueue
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageQueueDataMessageSenderRoleId)
  }
}
