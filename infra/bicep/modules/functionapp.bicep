// The control plane's Function App on Flex Consumption (Linux, .NET isolated worker), running as
// the user-assigned identity, with the app settings that connect it to storage, the task hub,
// monitoring, Key Vault and the MySQL servers it manages. docs/deploy-azure.md lists each setting.

import { stringMap } from '../types.bicep'

@description('Region of the plan and the app.')
param location string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Name of the Function App (also its host name prefix).')
param appName string

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Blob endpoint of the storage account plus the deployment container: where Flex Consumption takes the package from.')
param deploymentContainerUrl string

@description('.NET version of the isolated worker.')
param dotnetVersion string

@description('Most instances the app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('Memory of each instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Subnet for VNet integration; empty for none.')
param virtualNetworkSubnetId string

@description('App settings (name to value).')
param appSettings stringMap

@description('Tags for the plan and the app.')
param tags stringMap

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2025-03-01' = {
  name: appName
  location: location
  tags: tags
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
    keyVaultReferenceIdentity: identityId
    virtualNetworkSubnetId: empty(virtualNetworkSubnetId) ? null : virtualNetworkSubnetId
    siteConfig: {
      minTlsVersion: '1.2'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      runtime: {
        name: 'dotnet-isolated'
        version: dotnetVersion
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
    }
  }
}

// Separate from the site so that the settings are one name-to-value map (what the snapshot test
// reads) and are replaced as a whole on each deployment.
resource settings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: app
  name: 'appsettings'
  properties: appSettings
}

@description('Name of the Function App.')
output name string = app.name

@description('Default host name of the Function App.')
output defaultHostName string = app.properties.defaultHostName
