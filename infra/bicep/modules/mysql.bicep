// The environment's Azure Database for MySQL Flexible Server, with the server parameters the
// control plane relies on and, optionally, zone-redundant HA and one read replica. The servers the
// control plane creates later through ARM get the same settings (see docs/azure-platform.md).

import { firewallRule, mysqlServerSettings, stringMap } from '../types.bicep'

@description('Region of the server and its replica.')
param location string

@description('Name of the server: 3-63 lowercase letters, digits and hyphens.')
@minLength(3)
@maxLength(63)
param name string

@description('Name of the read replica; used only when settings.createReplica is true.')
@minLength(3)
@maxLength(63)
param replicaName string

@description('Version, compute, storage, backup, HA, replica and binlog settings.')
param settings mysqlServerSettings

@description('Administrator login of the server.')
param administratorLogin string

@description('Administrator password of the server.')
@secure()
param administratorPassword string

@description('Private access: the delegated subnet and the private DNS zone. Empty strings for public access.')
param delegatedSubnetId string

@description('Private DNS zone of the servers (private access only).')
param privateDnsZoneId string

@description('Firewall rules of the server (public access only).')
param firewallRules firewallRule[]

@description('Tags for the servers.')
param tags stringMap

var privateAccess = !empty(delegatedSubnetId)

resource server 'Microsoft.DBforMySQL/flexibleServers@2024-12-30' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: settings.skuName
    tier: settings.skuTier
  }
  properties: {
    createMode: 'Default'
    version: settings.version
    administratorLogin: administratorLogin
    administratorLoginPassword: administratorPassword
    storage: {
      storageSizeGB: settings.storageSizeGB
      autoGrow: settings.storageAutoGrow ? 'Enabled' : 'Disabled'
      autoIoScaling: 'Enabled'
    }
    backup: {
      backupRetentionDays: settings.backupRetentionDays
      geoRedundantBackup: settings.geoRedundantBackup ? 'Enabled' : 'Disabled'
    }
    highAvailability: {
      mode: settings.highAvailability
    }
    network: privateAccess
      ? {
          delegatedSubnetResourceId: delegatedSubnetId
          privateDnsZoneResourceId: privateDnsZoneId
          publicNetworkAccess: 'Disabled'
        }
      : {
          publicNetworkAccess: 'Enabled'
        }
  }
}

// Binlogs kept long enough for the control plane's binlog capture (incremental backups and
// point-in-time restore read them over the replication protocol); Azure's default 0 purges a
// file as soon as its own backups and replicas are done with it.
resource binlogExpireSeconds 'Microsoft.DBforMySQL/flexibleServers/configurations@2024-12-30' = {
  parent: server
  name: 'binlog_expire_logs_seconds'
  properties: {
    value: string(settings.binlogExpireSeconds)
    source: 'user-override'
  }
}

// Full row images: captured binlog segments must replay on a restored copy without relying on
// the target's current row contents. binlog_format is not set: Azure fixes it to ROW.
// Configuration updates on one server are applied one after the other (dependsOn), because the
// service refuses concurrent changes to the same server.
resource binlogRowImage 'Microsoft.DBforMySQL/flexibleServers/configurations@2024-12-30' = {
  parent: server
  name: 'binlog_row_image'
  properties: {
    value: settings.binlogRowImage
    source: 'user-override'
  }
  dependsOn: [
    binlogExpireSeconds
  ]
}

@batchSize(1)
resource rules 'Microsoft.DBforMySQL/flexibleServers/firewallRules@2024-12-30' = [
  for rule in (privateAccess ? [] : firewallRules): {
    parent: server
    name: rule.name
    properties: {
      startIpAddress: rule.startIpAddress
      endIpAddress: rule.endIpAddress
    }
    dependsOn: [
      binlogRowImage
    ]
  }
]

// A replica copies the source's configuration, network and administrator at creation.
resource replica 'Microsoft.DBforMySQL/flexibleServers@2024-12-30' = if (settings.createReplica) {
  name: replicaName
  location: location
  tags: tags
  sku: {
    name: settings.skuName
    tier: settings.skuTier
  }
  properties: {
    createMode: 'Replica'
    sourceServerResourceId: server.id
  }
  dependsOn: [
    binlogRowImage
    rules
  ]
}

@description('Resource id of the server.')
output id string = server.id

@description('Host name clients connect to.')
output fullyQualifiedDomainName string = server.properties.fullyQualifiedDomainName

@description('Host name of the replica; empty when there is none.')
output replicaFullyQualifiedDomainName string = settings.createReplica ? replica!.properties.fullyQualifiedDomainName : ''
