// What the control plane may do through ARM: manage MySQL Flexible Servers in this resource group
// and nothing else. No built-in role fits: Contributor would also let the app change the Function
// App, the vault and the storage account, and there is no "MySQL Flexible Server Contributor".
// So a custom role with only the Microsoft.DBforMySQL actions the ARM layer uses
// (src/Platforms/Azure, docs/azure-platform.md), assignable in this resource group only.

@description('Resource id of the app identity (names its role assignments).')
param appIdentityId string

@description('Principal id of the app identity.')
param appPrincipalId string

@description('True when servers join a delegated subnet and a private DNS zone (private access).')
param privateAccess bool

var serverActions = [
  // create (also as replica), read, PATCH (stop replication, scale), delete
  'Microsoft.DBforMySQL/flexibleServers/read'
  'Microsoft.DBforMySQL/flexibleServers/write'
  'Microsoft.DBforMySQL/flexibleServers/delete'
  'Microsoft.DBforMySQL/flexibleServers/start/action'
  'Microsoft.DBforMySQL/flexibleServers/stop/action'
  'Microsoft.DBforMySQL/flexibleServers/restart/action'
  'Microsoft.DBforMySQL/flexibleServers/replicas/read'
  // server parameters: read one, batch update
  'Microsoft.DBforMySQL/flexibleServers/configurations/read'
  'Microsoft.DBforMySQL/flexibleServers/configurations/write'
  'Microsoft.DBforMySQL/flexibleServers/updateConfigurations/action'
  'Microsoft.DBforMySQL/flexibleServers/firewallRules/read'
  'Microsoft.DBforMySQL/flexibleServers/firewallRules/write'
  'Microsoft.DBforMySQL/flexibleServers/firewallRules/delete'
  // polling long-running operations
  'Microsoft.DBforMySQL/locations/azureAsyncOperation/read'
  'Microsoft.DBforMySQL/locations/operationResults/read'
]

// Creating a server inside a delegated subnet and registering it in the private DNS zone needs
// join rights on both.
var privateAccessActions = [
  'Microsoft.Network/virtualNetworks/subnets/join/action'
  'Microsoft.Network/virtualNetworks/subnets/read'
  'Microsoft.Network/privateDnsZones/join/action'
  'Microsoft.Network/privateDnsZones/read'
]

resource role 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(resourceGroup().id, 'serverless-mysql-operator')
  properties: {
    roleName: 'Serverless MySQL operator (${resourceGroup().name}, ${uniqueString(resourceGroup().id)})'
    description: 'Manage Azure Database for MySQL Flexible Servers of the serverless DBaaS control plane in one resource group.'
    type: 'CustomRole'
    assignableScopes: [
      resourceGroup().id
    ]
    permissions: [
      {
        actions: concat(serverActions, privateAccess ? privateAccessActions : [])
        notActions: []
        dataActions: []
        notDataActions: []
      }
    ]
  }
}

resource assignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, appIdentityId, role.id)
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: role.id
  }
}

@description('Resource id of the custom role definition.')
output roleDefinitionId string = role.id
