// The one storage account of the environment: Functions host storage, the Durable task hub (its
// queues, tables and blobs, which the Durable Azure Storage provider creates itself), the catalog,
// backup artifacts and the Flex Consumption deployment package. Shared-key access is off, so every
// caller authenticates with Entra ID; the app's identity gets exactly the data roles it uses.

import { stringMap } from '../types.bicep'

@description('Region of the account.')
param location string

@description('Name of the account: 3-24 lowercase letters and digits.')
@minLength(3)
@maxLength(24)
param name string

@description('Blob containers to create.')
param containerNames string[]

@description('Days deleted blobs and containers stay recoverable.')
@minValue(1)
@maxValue(365)
param softDeleteRetentionDays int

@description('Resource id of the app identity (names its role assignments).')
param appIdentityId string

@description('Principal id of the app identity that gets the data roles.')
param appPrincipalId string

@description('Tags for the account.')
param tags stringMap

// Built-in roles (ids are the same in every tenant).
var storageRoles = {
  // The Functions host needs Owner on blobs for identity-based AzureWebJobsStorage (leases and
  // its own containers); it also covers the catalog, backups and the deployment container.
  blobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  // The Durable Azure Storage provider keeps control and work-item queues ...
  queueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  // ... and the history and instance tables.
  tableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}

resource account 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-06-01' = {
  parent: account
  name: 'default'
  properties: {
    // A backup artifact or catalog document deleted by mistake can be undeleted for a while.
    deleteRetentionPolicy: {
      enabled: true
      days: softDeleteRetentionDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: softDeleteRetentionDays
    }
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = [
  for containerName in containerNames: {
    parent: blobService
    name: containerName
    properties: {
      publicAccess: 'None'
    }
  }
]

resource roleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in items(storageRoles): {
    name: guid(account.id, appIdentityId, roleId.value)
    scope: account
    properties: {
      principalId: appPrincipalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId.value)
    }
  }
]

@description('Name of the account.')
output name string = account.name

@description('Blob service endpoint, with a trailing slash.')
output blobEndpoint string = account.properties.primaryEndpoints.blob

@description('Queue service endpoint, with a trailing slash.')
output queueEndpoint string = account.properties.primaryEndpoints.queue

@description('Table service endpoint, with a trailing slash.')
output tableEndpoint string = account.properties.primaryEndpoints.table
