// The user-assigned identity the Function App runs as: host storage, Durable task hub, catalog and
// backups, Key Vault and the ARM calls on MySQL servers all authenticate with it.

import { stringMap } from '../types.bicep'

@description('Region of the identity.')
param location string

@description('Name of the identity.')
param name string

@description('Tags for the identity.')
param tags stringMap

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

@description('Resource id of the identity.')
output id string = identity.id

@description('Client id: what the app passes to its managed identity credential.')
output clientId string = identity.properties.clientId

@description('Principal (object) id: what role assignments name.')
output principalId string = identity.properties.principalId
