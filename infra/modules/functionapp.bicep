// The Flex Consumption plan and the Linux function app that runs GetPath and the message-push receiver
// (ExpressPathPush) on .NET 10 (isolated worker). Runtime, version, size and concurrency are set through
// functionAppConfig: on Flex Consumption FUNCTIONS_WORKER_RUNTIME and linuxFxVersion are not used and
// must not be set, and site settings that Flex does not support are left out because ARM rejects them
// (siteConfig.ftpsState fails with error 51021: Flex has no FTP at all).

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

@description('Blob endpoint of the app\'s storage account (AzureWebJobsStorage and the deployment package).')
param storageBlobEndpoint string

@description('Queue endpoint of the same account (AzureWebJobsStorage; the push queue lives there).')
param storageQueueEndpoint string

@description('Container in that account that holds the deployment package.')
param deploymentContainerName string

@description('Name of the Application Insights component.')
param applicationInsightsName string

@description('URI of the Key Vault that holds the WeChat secrets (KeyVault__VaultUri).')
param keyVaultUri string

@description('The mini-program\'s AppID (WeChat__AppId). Not a secret.')
param weChatAppId string

@description('Name of the Key Vault secret that holds the AppSecret (WeChat__AppSecretName).')
param weChatAppSecretName string

@description('Name of the Key Vault secret that holds the message-push Token (WeChat__PushTokenSecretName).')
param weChatPushTokenSecretName string

@description('Name of the Key Vault secret that holds the message-push EncodingAESKey (WeChat__PushEncodingAesKeySecretName).')
param weChatPushEncodingAesKeySecretName string

@description('Name of the Key Vault secret that holds the previous EncodingAESKey during a rotation (WeChat__PushPreviousEncodingAesKeySecretName); empty: no such setting.')
param weChatPushPreviousEncodingAesKeySecretName string

@description('The message-push encryption mode (WeChat__PushMode): safe, compatible or plain.')
param weChatPushMode string

@description('The backend\'s webhook endpoint (Webhook__Url); empty: the relay\'s two functions are disabled.')
param webhookUrl string

@description('Name of the Key Vault secret that holds the webhook signing secret (Webhook__SecretName).')
param webhookSecretName string

@description('Name of the Key Vault secret that holds the previous signing secret while the backend switches (Webhook__PreviousSecretName); empty: no such setting.')
param webhookPreviousSecretName string

@description('Memory of each instance in MB (Flex Consumption sizes).')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Upper bound on scale-out (Flex Consumption accepts 40-1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('Concurrent HTTP executions each instance takes before the platform adds one (1-1000).')
@minValue(1)
@maxValue(1000)
param httpPerInstanceConcurrency int

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

var appSettings = [
  // Host storage through the identity: no connection string, no account key. Service URIs, as
  // Microsoft's Flex quickstarts do, instead of __accountName: with an account name the host
  // derives a table endpoint too and writes diagnostic events there, for which the identity has
  // no role. Blob for the host's own state, queue for the push queue the app writes to.
  {
    name: 'AzureWebJobsStorage__blobServiceUri'
    value: storageBlobEndpoint
  }
  {
    name: 'AzureWebJobsStorage__queueServiceUri'
    value: storageQueueEndpoint
  }
  {
    name: 'AzureWebJobsStorage__credential'
    value: 'managedidentity'
  }
  {
    name: 'AzureWebJobsStorage__clientId'
    value: identityClientId
  }
  // The worker's ManagedIdentityCredential uses the user-assigned identity this client id names.
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
  // Which mini-program (GetPath calls WeChat as it; the push receiver checks decrypted messages
  // carry its AppID), and where its AppSecret lives. The AppSecret itself (WeChat__AppSecret) is for
  // local runs only and is never set here.
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
  // The push receiver's secrets, read from the same vault like the AppSecret; their values
  // (WeChat__PushToken, WeChat__PushEncodingAesKey) are for local runs only and never set here.
  {
    name: 'WeChat__PushTokenSecretName'
    value: weChatPushTokenSecretName
  }
  {
    name: 'WeChat__PushEncodingAesKeySecretName'
    value: weChatPushEncodingAesKeySecretName
  }
  // Always written: the template replaces the whole settings list, so a mode set by hand would not survive
  // the next deployment.
  {
    name: 'WeChat__PushMode'
    value: weChatPushMode
  }
  // The host reads a whole request body before the worker sees any of it (100 MB by default), for
  // the anonymous push URL too. The app's own caps are 64 KB (a cloud call's JSON, a push): 128 KB
  // leaves the band between to the app's own clear 413 and stops anything larger at the host.
  {
    name: 'FUNCTIONS_REQUEST_BODY_SIZE_LIMIT'
    value: '131072'
  }
]

// Only during an EncodingAESKey rotation: the app then accepts messages under the previous key too.
var keyRotationSettings = empty(weChatPushPreviousEncodingAesKeySecretName)
  ? []
  : [
      {
        name: 'WeChat__PushPreviousEncodingAesKeySecretName'
        value: weChatPushPreviousEncodingAesKeySecretName
      }
    ]

// The webhook relay: with a URL, where to deliver and which vault secret signs (its value, Webhook__Secret, is for
// local runs only and never set here). Without one, the relay's queue-triggered functions are disabled by the
// platform's own switch, AzureWebJobs.<function>.Disabled, spelled with underscores because Linux app settings
// cannot hold dots (the WebJobs host reads both spellings): the host then starts no listener and leaves
// express-path-events to the operator's own consumer.
var relaySettings = empty(webhookUrl)
  ? [
      {
        name: 'AzureWebJobs_ExpressPathRelay_Disabled'
        value: '1'
      }
      {
        name: 'AzureWebJobs_ExpressPathRelayRetry_Disabled'
        value: '1'
      }
    ]
  : concat(
      [
        {
          name: 'Webhook__Url'
          value: webhookUrl
        }
        {
          name: 'Webhook__SecretName'
          value: webhookSecretName
        }
      ],
      empty(webhookPreviousSecretName)
        ? []
        : [
            {
              name: 'Webhook__PreviousSecretName'
              value: webhookPreviousSecretName
            }
          ]
    )

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
        triggers: {
          http: {
            perInstanceConcurrency: httpPerInstanceConcurrency
          }
        }
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
    // No ftpsState (ARM rejects it on Flex; there is no FTP to turn off) and no vnetRouteAllEnabled
    // (with virtualNetworkSubnetId set, Flex already sends all outbound traffic, WeChat's API included,
    // through the subnet and so through the NAT gateway's static IP).
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      http20Enabled: true
      appSettings: concat(appSettings, keyRotationSettings, relaySettings)
    }
  }
}

// No basic-auth (user name and password) publishing, FTP or SCM: deployments authenticate with Entra ID.
// Flex has no FTP server at all; the ftp policy keeps the site's credential settings closed too.
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
