// Audit logs into the Log Analytics workspace, so "who read the app secret" and "who wrote the
// deployment package" have an answer there, next to the app's own telemetry:
// - Key Vault's AuditEvent log (every request to the vault, with the caller's identity and address),
//   into the resource-specific table AZKVAuditLogs;
// - the storage account's blob and queue data-plane logs, writes and deletes only (StorageBlobLogs,
//   StorageQueueLogs). Reads are left out on purpose: the Functions host polls its queues and renews its
//   blob leases all the time an instance runs, and the reads carry nothing an audit needs (the
//   estimate and the choice: docs/operations.md, "Audit logs and what they cost").

@description('Name of the Log Analytics workspace that receives the logs.')
param logAnalyticsName string

@description('Name of the Key Vault that holds the WeChat secrets.')
param keyVaultName string

@description('Name of the app\'s storage account.')
param storageAccountName string

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: logAnalyticsName
}

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' existing = {
  name: keyVaultName
}

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'
  }

  resource queueService 'queueServices' existing = {
    name: 'default'
  }
}

var storageCategories = [
  {
    category: 'StorageWrite'
    enabled: true
  }
  {
    category: 'StorageDelete'
    enabled: true
  }
]

resource vaultAudit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'audit-to-log-analytics'
  scope: vault
  properties: {
    workspaceId: workspace.id
    // The resource-specific table (AZKVAuditLogs) rather than the shared AzureDiagnostics.
    logAnalyticsDestinationType: 'Dedicated'
    logs: [
      {
        category: 'AuditEvent'
        enabled: true
      }
    ]
  }
}

resource blobAudit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'audit-to-log-analytics'
  scope: storage::blobService
  properties: {
    workspaceId: workspace.id
    logs: storageCategories
  }
}

resource queueAudit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'audit-to-log-analytics'
  scope: storage::queueService
  properties: {
    workspaceId: workspace.id
    logs: storageCategories
  }
}
