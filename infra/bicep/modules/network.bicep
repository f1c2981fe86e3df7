// Private access for MySQL: a virtual network with one subnet for the Function App's outbound
// traffic (VNet integration) and one delegated to MySQL Flexible Server, plus the private DNS zone
// the servers register their names in. Servers created here, and the ones the control plane
// creates later, join the MySQL subnet and answer only inside the network.

import { stringMap } from '../types.bicep'

@description('Region of the network.')
param location string

@description('Name of the virtual network.')
param name string

@description('Address space of the network.')
param addressPrefix string

@description('Prefix of the subnet the Function App integrates with (at least /27).')
param functionsSubnetPrefix string

@description('Prefix of the subnet delegated to MySQL Flexible Server.')
param mysqlSubnetPrefix string

@description('Private DNS zone for the servers; must end in .mysql.database.azure.com.')
param privateDnsZoneName string

@description('Tags for the network resources.')
param tags stringMap

resource network 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        addressPrefix
      ]
    }
    subnets: [
      {
        name: 'functions'
        properties: {
          addressPrefix: functionsSubnetPrefix
          delegations: [
            {
              name: 'flex-consumption'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
        }
      }
      {
        name: 'mysql'
        properties: {
          addressPrefix: mysqlSubnetPrefix
          delegations: [
            {
              name: 'mysql-flexible-server'
              properties: {
                serviceName: 'Microsoft.DBforMySQL/flexibleServers'
              }
            }
          ]
        }
      }
    ]
  }
}

resource zone 'Microsoft.Network/privateDnsZones@2024-06-01' = {
  name: privateDnsZoneName
  location: 'global'
  tags: tags
}

resource zoneLink 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = {
  parent: zone
  name: name
  location: 'global'
  tags: tags
  properties: {
    registrationEnabled: false
    virtualNetwork: {
      id: network.id
    }
  }
}

@description('Resource id of the subnet the Function App integrates with.')
output functionsSubnetId string = resourceId('Microsoft.Network/virtualNetworks/subnets', network.name, 'functions')

@description('Resource id of the subnet delegated to MySQL Flexible Server.')
output mysqlSubnetId string = resourceId('Microsoft.Network/virtualNetworks/subnets', network.name, 'mysql')

@description('Resource id of the private DNS zone of the servers.')
output privateDnsZoneId string = zone.id
