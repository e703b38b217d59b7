// The Flex Consumption plan and the Linux function app that runs GetPath on .NET 10 (isolated worker).
// Runtime and version are set through functionAppConfig: on Flex Consumption FUNCTIONS_WORKER_RUNTIME
// and linuxFxVersion are not used and must not be set.

@description('Name of the function app (globally unique host name <name>.azurewebsites.net).')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Azure region of the plan and the app.')
param location string

@description('Tags applied to the plan; the app also gets azd-service-name.')
param tags object

@description('Service name in azure.yaml; azd finds the app to deploy by this tag.')
param azdServiceName string

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Client id of that identity (AZURE_CLIENT_ID and the identity-based connections).')
param identityClientId string

@description('Name of the app\'s storage account (AzureWebJobsStorage).')
param storageAccountName string

@description('Blob endpoint of that account.')
param storageBlobEndpoint string

@description('Container in that account that holds the deployment package.')
param deploymentContainerName string

@description('Name of the Application Insights component.')
param applicationInsightsName string

@description('URI of the Key Vault that holds the AppSecret (KeyVault__VaultUri).')
param keyVaultUri string

@description('The mini-program\'s AppID (WeChat__AppId). Not a secret.')
param weChatAppId string

@description('Name of the Key Vault secret that holds the AppSecret (WeChat__AppSecretName).')
param weChatAppSecretName string

@description('Memory of each instance in MB (Flex Consumption sizes).')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Upper bound on scale-out (Flex Consumption allows 1-1000).')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int

@description('Resource id of the subnet for virtual network integration; empty for none.')
param virtualNetworkSubnetId string

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    // Linux.
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': azdServiceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    publicNetworkAccess: 'Enabled'
    virtualNetworkSubnetId: empty(virtualNetworkSubnetId) ? null : virtualNetworkSubnetId
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      // With virtual network integration, send all outbound traffic (WeChat's API included) through
      // the subnet and so through the NAT gateway's static IP.
      vnetRouteAllEnabled: !empty(virtualNetworkSubnetId)
      appSettings: [
        // Host storage through the identity: no connection string, no account key.
        {
          name: 'AzureWebJobsStorage__accountName'
          value: storageAccountName
        }
        {
          name: 'AzureWebJobsStorage__credential'
          value: 'managedidentity'
        }
        {
          name: 'AzureWebJobsStorage__clientId'
          value: identityClientId
        }
        // DefaultAzureCredential in the worker picks the user-assigned identity by this client id.
        {
          name: 'AZURE_CLIENT_ID'
          value: identityClientId
        }
        // Telemetry with Entra ID authentication (the component refuses key-only ingestion).
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: applicationInsights.properties.ConnectionString
        }
        {
          name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
          value: 'ClientId=${identityClientId};Authorization=AAD'
        }
        // The GetPath contract: which mini-program, and where its AppSecret lives. The AppSecret
        // itself (WeChat__AppSecret) is for local runs only and is never set here.
        {
          name: 'WeChat__AppId'
          value: weChatAppId
        }
        {
          name: 'KeyVault__VaultUri'
          value: keyVaultUri
        }
        {
          name: 'WeChat__AppSecretName'
          value: weChatAppSecretName
        }
      ]
    }
  }
}

// No FTP and no basic-auth (user name and password) publishing: deployments authenticate with Entra ID.
resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

@description('Name of the function app.')
output name string = site.name

@description('Default host name of the function app, e.g. <name>.azurewebsites.net.')
output defaultHostName string = site.properties.defaultHostName
