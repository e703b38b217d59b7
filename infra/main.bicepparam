// Parameters for infra/main.bicep, used by both deployment paths (README.md, "Deploy to Azure"):
//   azd up                          azd passes its environment (AZURE_ENV_NAME, AZURE_PRINCIPAL_ID and
//                                   whatever `azd env set` added) as environment variables.
//   az deployment group create      export the variables below in your shell first.
// No value here is a secret: the WeChat AppSecret is set in Key Vault after deployment, never here.
using './main.bicep'

// Seeds every resource name (with the subscription and the resource group) and the azd-env-name tag.
// Example: logistics-prod. azd sets AZURE_ENV_NAME; on the az path export it or keep the default.
param environmentName = readEnvironmentVariable('AZURE_ENV_NAME', 'logistics')

// The mini-program's AppID, e.g. wx1234567890abcdef (mp.weixin.qq.com → 开发管理 → 开发设置 → AppID).
// Deliberately no default: a deployment without it fails here instead of running with a wrong AppID.
// azd: `azd env set WECHAT_APP_ID wx…`; az: `export WECHAT_APP_ID=wx…`.
param weChatAppId = readEnvironmentVariable('WECHAT_APP_ID')

// Name (not value) of the Key Vault secret the app reads the AppSecret from; the app's default.
param weChatAppSecretName = 'wechat-app-secret'

// Flex Consumption instance size (512, 2048 or 4096 MB) and scale-out ceiling. GetPath is a small
// proxy; 2048 MB is the platform default, 40 instances is far above its expected load and caps cost.
param instanceMemoryMB = 2048
param maximumInstanceCount = 40

// Key Vault purge protection: on for production (a deleted vault can then only be recovered, not
// purged, for keyVaultSoftDeleteRetentionInDays). Set ENABLE_PURGE_PROTECTION=false for a throwaway
// environment you intend to delete and recreate under the same name.
param enablePurgeProtection = bool(readEnvironmentVariable('ENABLE_PURGE_PROTECTION', 'true'))
param keyVaultSoftDeleteRetentionInDays = 90

// Fixed outbound IP for WeChat's API IP whitelist (errcode 40164): adds a virtual network, a NAT
// gateway and a static public IP (billed hourly). Turn on with ENABLE_FIXED_OUTBOUND_IP=true.
param enableFixedOutboundIp = bool(readEnvironmentVariable('ENABLE_FIXED_OUTBOUND_IP', 'false'))

// Who may write the AppSecret (Key Vault Secrets Officer on the vault): azd sets AZURE_PRINCIPAL_ID to
// the signed-in principal; on the az path export it (az ad signed-in-user show --query id -o tsv).
// Empty: no such assignment, grant it by hand.
param deployerPrincipalId = readEnvironmentVariable('AZURE_PRINCIPAL_ID', '')

// Extra tags on every resource, e.g. { owner: 'logistics-team', costCenter: '1234' }.
param extraTags = {}
