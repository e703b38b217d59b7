// The one user-assigned managed identity the function app uses for everything: its own storage
// (AzureWebJobsStorage and the deployment package), Key Vault, and Application Insights ingestion.
// User-assigned rather than system-assigned so the role assignments exist before the app does.

@description('Name of the user-assigned managed identity.')
param name string

@description('Azure region of the identity.')
param location string

@description('Tags applied to the identity.')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

@description('Resource id of the identity, for the site identity block and functionAppConfig deployment storage.')
output id string = identity.id

@description('Object (principal) id of the identity, for role assignments.')
output principalId string = identity.properties.principalId

@description('Client (application) id of the identity, for AZURE_CLIENT_ID and the identity-based connection settings.')
output clientId string = identity.properties.clientId
