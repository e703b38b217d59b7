// Parameters for infra/main.bicep, used by both deployment paths (docs/deploy.md):
//   azd up                          azd passes its environment (AZURE_ENV_NAME, AZURE_PRINCIPAL_ID and
//                                   whatever `azd env set` added) as environment variables.
//   az deployment group create      export the variables below in your shell first.
// No value here is a secret: the WeChat AppSecret and the message-push Token and EncodingAESKey are set
// in Key Vault after deployment, never here.
using './main.bicep'

// Seeds every resource name (with the subscription and the resource group) and the azd-env-name tag.
// Example: logistics-prod. azd sets AZURE_ENV_NAME; on the az path export it or keep the default.
param environmentName = readEnvironmentVariable('AZURE_ENV_NAME', 'logistics')

// The mini-program's AppID, e.g. wx1234567890abcdef (mp.weixin.qq.com → 开发管理 → 开发设置 → AppID).
// Deliberately no default: a deployment without it fails here instead of running with a wrong AppID.
// azd: `azd env set WECHAT_APP_ID wx…`; az: `export WECHAT_APP_ID=wx…`.
param weChatAppId = readEnvironmentVariable('WECHAT_APP_ID')

// Names (not values) of the Key Vault secrets the app reads: the AppSecret, and the message-push Token
// and EncodingAESKey; the app's defaults.
param weChatAppSecretName = 'wechat-app-secret'
param weChatPushTokenSecretName = 'wechat-push-token'
param weChatPushEncodingAesKeySecretName = 'wechat-push-encoding-aes-key'

// Only while rotating the EncodingAESKey: the name of the secret that holds the previous key, so that
// pushes still encrypted with it are accepted (docs/push.md, "Rotating the EncodingAESKey"). Empty:
// current key only.
param weChatPushPreviousEncodingAesKeySecretName = readEnvironmentVariable('WECHAT_PUSH_PREVIOUS_AES_KEY_SECRET_NAME', '')

// The encryption mode chosen in WeChat's console (消息加密方式): safe (安全, the default and the one to use),
// compatible (兼容) or plain (明文, which authenticates nothing in the body). The app refuses pushes of a
// weaker mode than this one (docs/push.md, "Modes").
param weChatPushMode = readEnvironmentVariable('WECHAT_PUSH_MODE', 'safe')

// The webhook relay (docs/webhooks.md): the backend's HTTPS endpoint; empty leaves the relay off and the queue to
// your own consumer. The signing secret (whsec_…) goes in the vault under webhookSecretName after deployment;
// WEBHOOK_PREVIOUS_SECRET_NAME only while the backend switches to a new secret.
param webhookUrl = readEnvironmentVariable('WEBHOOK_URL', '')
param webhookSecretName = 'webhook-secret'
param webhookPreviousSecretName = readEnvironmentVariable('WEBHOOK_PREVIOUS_SECRET_NAME', '')

// Flex Consumption instance size (512, 2048 or 4096 MB), HTTP executions per instance (1-1000) and
// scale-out ceiling (40-1000, the lowest Flex accepts). 512 MB with 32 calls in flight is what the load
// measurement supports (docs/cost.md, "Instance size and concurrency", which also has the cost formula):
// the highest level whose p99 stayed within 10 % of 8 in flight with the worker held to a quarter core.
// Set 16 if the workbook's p99 per function climbs with traffic while WeChat's latency stays flat (the
// Functions host's CPU, not measurable there, is then the limit), or take 2048 MB where a fast first call
// after scale-out matters more than cost.
param instanceMemoryMB = 512
param httpPerInstanceConcurrency = 32
param maximumInstanceCount = 40

// Key Vault purge protection: on for production (a deleted vault can then only be recovered, not
// purged, for keyVaultSoftDeleteRetentionInDays). Set ENABLE_PURGE_PROTECTION=false for a throwaway
// environment you intend to delete and recreate under the same name.
param enablePurgeProtection = bool(readEnvironmentVariable('ENABLE_PURGE_PROTECTION', 'true'))
param keyVaultSoftDeleteRetentionInDays = 90

// Fixed outbound IP for WeChat's API IP whitelist (errcode 40164): adds a virtual network, a NAT
// gateway and a static public IP (billed hourly), and locks the storage account and the vault to the
// app's subnet. Turn on with ENABLE_FIXED_OUTBOUND_IP=true.
param enableFixedOutboundIp = bool(readEnvironmentVariable('ENABLE_FIXED_OUTBOUND_IP', 'false'))

// With the fixed IP on, who else may reach the vault and the storage account: comma-separated public
// IPv4 addresses or CIDR ranges. The vault needs the address you set the secrets from
// (KEY_VAULT_ALLOWED_IP_RANGES=203.0.113.7); storage needs the addresses of anything outside the
// subnet that reads the push queue (single addresses, not /31 or /32). Deployment needs neither.
param keyVaultAllowedIpRanges = filter(map(split(readEnvironmentVariable('KEY_VAULT_ALLOWED_IP_RANGES', ''), ','), range => trim(range)), range => !empty(range))
param storageAllowedIpRanges = filter(map(split(readEnvironmentVariable('STORAGE_ALLOWED_IP_RANGES', ''), ','), range => trim(range)), range => !empty(range))

// Who may write the WeChat secrets (Key Vault Secrets Officer on the vault): azd sets AZURE_PRINCIPAL_ID
// to the signed-in principal; on the az path export it (az ad signed-in-user show --query id -o tsv).
// Empty: no such assignment, grant it by hand.
param deployerPrincipalId = readEnvironmentVariable('AZURE_PRINCIPAL_ID', '')

// If that principal already holds the role from a grant made by hand, the deployment fails with
// RoleAssignmentExists: set GRANT_DEPLOYER_VAULT_ROLE=false to leave the role assignment out.
param grantDeployerVaultRole = bool(readEnvironmentVariable('GRANT_DEPLOYER_VAULT_ROLE', 'true'))

// Who is told when an alert fires: one e-mail address (a distribution list works), from ALERT_EMAIL_ADDRESS
// (azd env set ALERT_EMAIL_ADDRESS ops@example.com). Empty: the alert rules still fire and show in the
// portal's Alerts, but send nothing.
param alertEmailAddress = readEnvironmentVariable('ALERT_EMAIL_ADDRESS', '')

// Alert thresholds, each over 15 minutes unless said otherwise; docs/operations.md ("Alerts") justifies
// the defaults and says what to do when one fires. A function's share of 5xx answers (percent, functions
// with at least 20 requests); access tokens WeChat refused; failed secret reads (0: any); pushes refused;
// dead-lettered messages not removed within 24 hours (0: any); the age in seconds of an event the relay
// delivered.
param alertServerErrorPercent = 5
param alertWeChatRefusals = 3
param alertKeyVaultFailures = 0
param alertPushesRefused = 10
param alertDeadLetterMessages = 0
param alertRelayLagSeconds = 600

// Extra tags on every resource, e.g. { owner: 'logistics-team', costCenter: '1234' }.
param extraTags = {}
