// Key Vault with RBAC authorization: the secrets the deployment hands to the app (the MySQL admin
// password of the environment's server, the artifact encryption key, the API token) and the
// secrets the control plane keeps at run time (generated admin passwords of the servers it
// creates, database users' passwords), which it reads, writes and deletes by id.

import { stringMap } from '../types.bicep'

@description('Region of the vault.')
param location string

@description('Name of the vault: 3-24 letters, digits and hyphens, starting with a letter.')
@minLength(3)
@maxLength(24)
param name string

@description('Days a deleted vault or secret stays recoverable.')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int

@description('Names of the secrets below: mysqlAdministratorPassword, artifactKey, apiToken.')
param secretNames {
  mysqlAdministratorPassword: string
  artifactKey: string
  apiToken: string
}

@description('Administrator password of the environment\'s MySQL server.')
@secure()
param mysqlAdministratorPassword string

@description('Artifact encryption key (base64).')
@secure()
param artifactKey string

@description('API token of the deployment\'s Trove project.')
@secure()
param apiToken string

@description('Resource id of the app identity (names its role assignments).')
param appIdentityId string

@description('Principal id of the app identity.')
param appPrincipalId string

@description('Tags for the vault.')
param tags stringMap

// Key Vault Secrets Officer, not Secrets User: the control plane stores and deletes the secrets of
// the servers and users it creates (ISecretStore). Purge protection keeps every deleted or
// overwritten secret recoverable, so the app cannot destroy one for good.
var keyVaultSecretsOfficerRoleId = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    enablePurgeProtection: true
    // Key Vault references of Flex Consumption apps fail against a network-restricted vault.
    publicNetworkAccess: 'Enabled'
  }
}

resource mysqlAdministratorPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: secretNames.mysqlAdministratorPassword
  properties: {
    value: mysqlAdministratorPassword
  }
}

resource artifactKeySecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: secretNames.artifactKey
  properties: {
    value: artifactKey
  }
}

resource apiTokenSecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: secretNames.apiToken
  properties: {
    value: apiToken
  }
}

resource appSecretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, appIdentityId, keyVaultSecretsOfficerRoleId)
  scope: vault
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsOfficerRoleId)
  }
}

@description('Vault URI, with a trailing slash.')
output uri string = vault.properties.vaultUri

@description('Name of the vault.')
output name string = vault.name
