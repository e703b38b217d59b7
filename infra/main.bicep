// LogisticsFunctions on Azure: a Flex Consumption function app (.NET 10 isolated worker) with GetPath,
// which reads the WeChat AppSecret from Key Vault with its user-assigned identity and calls WeChat,
// and ExpressPathPush, which receives WeChat's add_express_path pushes (Token and EncodingAESKey from
// the same vault) and puts each event on a storage queue.
// Identity everywhere: no shared keys, no secret values in parameters or outputs. Deploy with
// `azd up` or `az deployment group create` (docs/deploy.md); checked offline by tools/bicep/check.sh.

targetScope = 'resourceGroup'

@description('Name of the environment (e.g. dev, prod); with the subscription and resource group it seeds every resource name. azd sets it from AZURE_ENV_NAME.')
@minLength(1)
@maxLength(64)
param environmentName string

@description('Azure region of every resource; defaults to the resource group\'s. It must offer Flex Consumption (az functionapp list-flexconsumption-locations).')
param location string = resourceGroup().location

@description('The mini-program\'s AppID (wx…), from mp.weixin.qq.com → 开发管理 → 开发设置. Not a secret.')
@minLength(1)
param weChatAppId string

@description('Name of the Key Vault secret that will hold the AppSecret. The value is set after deployment, never through this template.')
@minLength(1)
@maxLength(127)
param weChatAppSecretName string = 'wechat-app-secret'

@description('Name of the Key Vault secret that will hold the message-push Token. The value is set after deployment, never through this template.')
@minLength(1)
@maxLength(127)
param weChatPushTokenSecretName string = 'wechat-push-token'

@description('Name of the Key Vault secret that will hold the message-push EncodingAESKey. The value is set after deployment, never through this template.')
@minLength(1)
@maxLength(127)
param weChatPushEncodingAesKeySecretName string = 'wechat-push-encoding-aes-key'

@description('Name of the Key Vault secret that holds the previous EncodingAESKey while WeChat may still send with it (a key rotation); empty: the app accepts only the current key.')
@maxLength(127)
param weChatPushPreviousEncodingAesKeySecretName string = ''

@description('The message-push encryption mode set in WeChat\'s console (WeChat__PushMode): safe and compatible take only encrypted pushes whose msg_signature covers the body; plain authenticates nothing in the body (docs/push.md).')
@allowed([
  'safe'
  'compatible'
  'plain'
])
param weChatPushMode string = 'safe'

@description('The backend\'s HTTPS endpoint that receives every add_express_path event as a signed Standard Webhooks POST (docs/webhooks.md). Empty: the relay stays off (its functions disabled) and express-path-events is left to your own consumer.')
param webhookUrl string = ''

@description('Name of the Key Vault secret that will hold the webhook signing secret (whsec_…). The value is set after deployment, never through this template.')
@minLength(1)
@maxLength(127)
param webhookSecretName string = 'webhook-secret'

@description('Name of the Key Vault secret that holds the previous signing secret while the backend switches to a new one (both sign); empty: the current secret only.')
@maxLength(127)
param webhookPreviousSecretName string = ''

// Instance size and HTTP concurrency decide the bill: Flex Consumption on demand bills the configured
// instance memory for the time an instance runs at least one execution, and all executions running at
// once on an instance share that time. The calls wait on the network (WeChat, Key Vault, the queue) and
// use little CPU. Measured on the published worker (docs/cost.md, "Instance size and concurrency"): held to
// a quarter core, as on a 512 MB instance, it keeps its p99 within 2 % of the 8-in-flight figure up to 32
// calls in flight (64 adds 26 %) and peaks at about 113 MiB; the Functions host's share (estimated at
// 150-250 MB and 1-2 ms per call) could not be measured and is why the docs say when to go back to 16.
// 2048 MB would only buy CPU for faster cold starts, at up to four times the cost.
@description('Memory of each instance in MB. Flex Consumption sizes: 512 (0.25 core), 2048 (1 core), 4096 (2 cores); billed at this size whatever the app uses.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 512

@description('Concurrent HTTP executions per instance before the platform adds another (1-1000). Set explicitly, so it stays the same if instanceMemoryMB changes (unset, Flex would default to 4, 16 or 32 by size).')
@minValue(1)
@maxValue(1000)
param httpPerInstanceConcurrency int = 32

@description('Upper bound on the on-demand instances of each scale group (GetPath and the push receiver are both HTTP and scale as one group). Flex Consumption rejects fewer than 40.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Turn on Key Vault purge protection (recommended for production; irreversible once on).')
param enablePurgeProtection bool = true

@description('Days a deleted vault or secret stays recoverable (7-90).')
@minValue(7)
@maxValue(90)
param keyVaultSoftDeleteRetentionInDays int = 90

@description('Give the app a fixed outbound IP (virtual network integration, NAT gateway, static public IP) for WeChat\'s IP whitelist, and admit only its subnet to the storage account and the vault. Costs a NAT gateway and a public IP.')
param enableFixedOutboundIp bool = false

@description('With enableFixedOutboundIp: public IPv4 addresses or CIDR ranges the vault also admits, e.g. the operator\'s, to set the secrets. Ignored otherwise.')
param keyVaultAllowedIpRanges array = []

@description('With enableFixedOutboundIp: public IPv4 addresses or CIDR ranges the storage account also admits, e.g. a backend that reads the push queue from outside the subnet. Single addresses, not /31 or /32. Ignored otherwise.')
param storageAllowedIpRanges array = []

@description('Optional object id of the person or group who sets the WeChat secrets; gets Key Vault Secrets Officer on the vault. azd passes the signed-in principal.')
param deployerPrincipalId string = ''

@description('Grant deployerPrincipalId that role. Set false if it already holds it from a grant made by hand: a second assignment fails with RoleAssignmentExists.')
param grantDeployerVaultRole bool = true

@description('E-mail address that receives the alerts (an action group with this one receiver). Empty: no action group; the alert rules still fire and show in the portal\'s Alerts, but nobody is told.')
param alertEmailAddress string = ''

// Alert thresholds: docs/operations.md ("Alerts") says why each default is what it is.
@description('Alert when a function answers more than this percentage of its requests with a 5xx (over 15 minutes, functions with at least 20 requests).')
@minValue(1)
@maxValue(100)
param alertServerErrorPercent int = 5

@description('Alert when WeChat refuses more than this many access tokens in 15 minutes.')
@minValue(0)
param alertWeChatRefusals int = 3

@description('Alert when more than this many of the app\'s Key Vault reads fail in 15 minutes (0: any failure).')
@minValue(0)
param alertKeyVaultFailures int = 0

@description('Alert when the push receiver refuses more than this many pushes in 15 minutes.')
@minValue(0)
param alertPushesRefused int = 10

@description('Alert when more than this many messages were dead-lettered in 24 hours and not removed, per dead-letter queue (0: any).')
@minValue(0)
param alertDeadLetterMessages int = 0

@description('Alert when the webhook relay delivers an event that waited longer than this many seconds since it was first queued.')
@minValue(1)
param alertRelayLagSeconds int = 600

@description('Extra tags for every resource (e.g. owner, cost centre).')
param extraTags object = {}

// Every name derives from one token: stable for the same subscription, group and environment.
var resourceToken = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName))
var tags = union(extraTags, {
  'azd-env-name': environmentName
  application: 'logistics-functions'
})
var names = {
  identity: 'id-logistics-${resourceToken}'
  logAnalytics: 'log-logistics-${resourceToken}'
  applicationInsights: 'appi-logistics-${resourceToken}'
  storage: 'st${resourceToken}'
  keyVault: 'kv-${resourceToken}'
  plan: 'plan-logistics-${resourceToken}'
  functionApp: 'func-logistics-${resourceToken}'
  virtualNetwork: 'vnet-logistics-${resourceToken}'
  natGateway: 'ng-logistics-${resourceToken}'
  publicIp: 'pip-logistics-${resourceToken}'
  alerts: 'alert-logistics-${resourceToken}'
}
var deploymentContainerName = 'app-package'
// The push receiver's storage, by contract (docs/push.md): the queue consumers read and the container of
// deduplication markers.
var pushQueueName = 'express-path-events'
var pushDedupContainerName = 'express-path-dedup'
// The Functions host's own blob containers (names fixed by the host): its leases and locks, and the
// function keys.
var hostContainerNames = {
  hostLocks: 'azure-webjobs-hosts'
  hostKeys: 'azure-webjobs-secrets'
}
// The webhook relay's queues (docs/webhooks.md): deliveries waiting for their next attempt, and the dead letters.
// '<queue>-poison' is also where the Functions host moves a message of a queue trigger that kept failing, so the
// template creates both poison queues: the app's identity may add messages to them but not create queues.
var relayRetryQueueName = '${pushQueueName}-retry'
var relayPoisonQueueName = '${pushQueueName}-poison'
var relayRetryPoisonQueueName = '${relayRetryQueueName}-poison'
// The service name in azure.yaml.
var azdServiceName = 'api'

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    logAnalyticsName: names.logAnalytics
    applicationInsightsName: names.applicationInsights
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: names.storage
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    pushQueueName: pushQueueName
    relayQueueNames: [
      relayRetryQueueName
      relayPoisonQueueName
      relayRetryPoisonQueueName
    ]
    dedupContainerName: pushDedupContainerName
    hostContainerNames: hostContainerNames
    // With the fixed outbound IP on, storageFirewall writes the rules once the app is in the subnet.
    keepNetworkRules: enableFixedOutboundIp
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: names.keyVault
    location: location
    tags: tags
    enablePurgeProtection: enablePurgeProtection
    softDeleteRetentionInDays: keyVaultSoftDeleteRetentionInDays
    // With the fixed outbound IP on, keyVaultFirewall writes the rules once the app is in the subnet.
    allowedSubnetId: ''
    allowedIpRanges: []
    keepNetworkRules: enableFixedOutboundIp
  }
}

module network 'modules/network.bicep' = if (enableFixedOutboundIp) {
  name: 'network'
  params: {
    virtualNetworkName: names.virtualNetwork
    natGatewayName: names.natGateway
    publicIpName: names.publicIp
    location: location
    tags: tags
  }
}

module rbac 'modules/rbac.bicep' = {
  name: 'rbac'
  params: {
    principalId: identity.outputs.principalId
    storageAccountName: names.storage
    hostContainerNames: hostContainerNames
    deploymentContainerName: deploymentContainerName
    dedupContainerName: pushDedupContainerName
    pushQueueName: pushQueueName
    relayEnabled: !empty(webhookUrl)
    relayRetryQueueName: relayRetryQueueName
    relayPoisonQueueName: relayPoisonQueueName
    relayRetryPoisonQueueName: relayRetryPoisonQueueName
    keyVaultName: names.keyVault
    applicationInsightsName: names.applicationInsights
    deployerPrincipalId: deployerPrincipalId
    grantDeployerVaultRole: grantDeployerVaultRole
  }
  // Resource names are passed (known before deployment, which helps What-If): say what must exist first.
  dependsOn: [
    storage
    keyVault
    monitoring
  ]
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    tags: tags
    azdServiceName: azdServiceName
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageBlobEndpoint: storage.outputs.blobEndpoint
    storageQueueEndpoint: storage.outputs.queueEndpoint
    deploymentContainerName: deploymentContainerName
    applicationInsightsName: names.applicationInsights
    keyVaultUri: keyVault.outputs.uri
    weChatAppId: weChatAppId
    weChatAppSecretName: weChatAppSecretName
    weChatPushTokenSecretName: weChatPushTokenSecretName
    weChatPushEncodingAesKeySecretName: weChatPushEncodingAesKeySecretName
    weChatPushPreviousEncodingAesKeySecretName: weChatPushPreviousEncodingAesKeySecretName
    weChatPushMode: weChatPushMode
    webhookUrl: webhookUrl
    webhookSecretName: webhookSecretName
    webhookPreviousSecretName: webhookPreviousSecretName
    instanceMemoryMB: instanceMemoryMB
    httpPerInstanceConcurrency: httpPerInstanceConcurrency
    maximumInstanceCount: maximumInstanceCount
    virtualNetworkSubnetId: enableFixedOutboundIp ? network!.outputs.subnetId : ''
  }
  // The app starts with its roles in place (host storage, the vault and telemetry work from the first
  // run) and after the Application Insights component it reads the connection string from.
  dependsOn: [
    rbac
    monitoring
  ]
}

// What an operator looks at first, deployed with the app (docs/operations.md): the vault's and the
// storage account's audit logs in the workspace, the operations workbook, and the alert rules.
module audit 'modules/monitoring-audit.bicep' = {
  name: 'monitoring-audit'
  params: {
    logAnalyticsName: names.logAnalytics
    keyVaultName: names.keyVault
    storageAccountName: names.storage
  }
  dependsOn: [
    monitoring
    storage
    keyVault
  ]
}

module workbook 'modules/monitoring-workbook.bicep' = {
  name: 'monitoring-workbook'
  params: {
    name: guid(resourceGroup().id, environmentName, 'operations-workbook')
    location: location
    tags: tags
    displayName: 'LogisticsFunctions operations (${environmentName})'
    applicationInsightsName: names.applicationInsights
    logAnalyticsName: names.logAnalytics
    storageAccountName: names.storage
  }
  dependsOn: [
    monitoring
    storage
  ]
}

module alerts 'modules/monitoring-alerts.bicep' = {
  name: 'monitoring-alerts'
  params: {
    location: location
    tags: tags
    namePrefix: names.alerts
    logAnalyticsName: names.logAnalytics
    alertEmailAddress: alertEmailAddress
    serverErrorPercent: alertServerErrorPercent
    weChatRefusals: alertWeChatRefusals
    keyVaultFailures: alertKeyVaultFailures
    pushesRefused: alertPushesRefused
    deadLetterMessages: alertDeadLetterMessages
    relayLagSeconds: alertRelayLagSeconds
  }
  // After the audit settings, which create the storage and vault log tables the rules read.
  dependsOn: [
    monitoring
    audit
  ]
}

// The fixed outbound IP's firewalls: only the app's subnet (and the listed addresses) may reach the
// storage account and the vault. Written after the app has joined the subnet (functionApp sets its
// virtualNetworkSubnetId), so turning the fixed IP on for an app that already runs does not lock it out
// of its storage and secrets while it still calls from its old shared addresses; storage and keyVault
// above send no rules meanwhile, so a redeployment does not open a locked firewall either. Turning the
// fixed IP off opens both (storage and keyVault) before the app leaves the subnet.
module storageFirewall 'modules/storage-firewall.bicep' = if (enableFixedOutboundIp) {
  name: 'storage-firewall'
  params: {
    name: names.storage
    location: location
    tags: tags
    allowedSubnetId: network!.outputs.subnetId
    allowedIpRanges: storageAllowedIpRanges
  }
  dependsOn: [
    functionApp
  ]
}

module keyVaultFirewall 'modules/keyvault.bicep' = if (enableFixedOutboundIp) {
  name: 'keyvault-firewall'
  params: {
    name: names.keyVault
    location: location
    tags: tags
    enablePurgeProtection: enablePurgeProtection
    softDeleteRetentionInDays: keyVaultSoftDeleteRetentionInDays
    allowedSubnetId: network!.outputs.subnetId
    allowedIpRanges: keyVaultAllowedIpRanges
  }
  dependsOn: [
    functionApp
  ]
}

// Outputs in upper case: azd stores them in the environment (.azure/<env>/.env); the az path reads them with --query.
@description('Region of the deployment.')
output AZURE_LOCATION string = location

@description('Tenant of the deployment.')
output AZURE_TENANT_ID string = tenant().tenantId

@description('Resource group of the deployment.')
output AZURE_RESOURCE_GROUP string = resourceGroup().name

@description('Name of the function app.')
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name

@description('Name of the function app, under azd\'s SERVICE_<name>_NAME convention.')
output SERVICE_API_NAME string = functionApp.outputs.name

@description('URL of the GetPath function (POST, needs a function key).')
output GETPATH_URL string = 'https://${functionApp.outputs.defaultHostName}/api/logistics/getPath'

@description('Root of the twelve cloud-call methods: POST <this>/<method> (getPath, addOrder, ...), each with a function key.')
output LOGISTICS_API_URL string = 'https://${functionApp.outputs.defaultHostName}/api/logistics'

@description('The OpenAPI 3.1 document of the cloud-call methods (GET, anonymous).')
output OPENAPI_URL string = 'https://${functionApp.outputs.defaultHostName}/api/openapi.json'

@description('URL to enter in WeChat\'s message-push settings (GET for the URL check, POST for events; WeChat\'s signature authenticates it, no function key).')
output PUSH_URL string = 'https://${functionApp.outputs.defaultHostName}/api/logistics/push'

@description('URL of the queue that receives each add_express_path event (JSON, base64-encoded as the Functions queue trigger expects).')
output PUSH_QUEUE_URL string = '${storage.outputs.queueEndpoint}${storage.outputs.pushQueueName}'

@description('Queue endpoint of the storage account: --queue-service-uri of the dead-letter command (tools/WebhookDeadLetters).')
output QUEUE_SERVICE_URL string = storage.outputs.queueEndpoint

@description('Name of the Key Vault secret to set with the webhook signing secret (the name, not the value).')
output WEBHOOK_SECRET_NAME string = webhookSecretName

@description('Name of the Key Vault that holds the WeChat secrets.')
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name

@description('Name of the Key Vault secret to set with the AppSecret (the name, not the value).')
output WECHAT_APP_SECRET_NAME string = weChatAppSecretName

@description('Name of the Key Vault secret to set with the message-push Token (the name, not the value).')
output WECHAT_PUSH_TOKEN_SECRET_NAME string = weChatPushTokenSecretName

@description('Name of the Key Vault secret to set with the message-push EncodingAESKey (the name, not the value).')
output WECHAT_PUSH_AES_KEY_SECRET_NAME string = weChatPushEncodingAesKeySecretName

@description('Client id of the app\'s user-assigned identity.')
output AZURE_FUNCTION_IDENTITY_CLIENT_ID string = identity.outputs.clientId

@description('The static outbound IP to whitelist in WeChat; empty when enableFixedOutboundIp is false.')
output OUTBOUND_IP_ADDRESS string = enableFixedOutboundIp ? network!.outputs.outboundIpAddress : ''
