// The whole Azure environment of the serverless MySQL DBaaS control plane, in one resource group:
// Function App (Flex Consumption), storage, identity and roles, monitoring, Key Vault, and a MySQL
// Flexible Server with optional HA and read replica. docs/deploy-azure.md tells how to deploy it.
targetScope = 'resourceGroup'

import { firewallRule, mysqlServerSettings, stringMap } from 'types.bicep'

@description('Region of every resource; the resource group\'s by default.')
param location string = resourceGroup().location

@description('Short lowercase prefix of every resource name (letters and digits).')
@minLength(3)
@maxLength(11)
param namePrefix string

@description('Tags for every resource.')
param tags stringMap = {}

// --- Function App -------------------------------------------------------------------------------

@description('.NET version of the isolated worker: 10.0 is the newest Flex Consumption runs (it also offers 9.0 and 8.0).')
@allowed([
  '10.0'
])
param dotnetVersion string = '10.0'

@description('Most instances the Function App scales out to.')
@minValue(40)
@maxValue(1000)
param functionMaximumInstanceCount int = 40

@description('Memory of each Function App instance in MB.')
@allowed([
  512
  2048
  4096
])
param functionInstanceMemoryMB int = 2048

@description('Name of the Durable task hub (3-45 letters and digits, starting with a letter).')
@minLength(3)
@maxLength(45)
param durableTaskHubName string = 'serverless'

@description('Trove project whose API token is given below (letters, digits and hyphens: it names a Key Vault secret).')
@minLength(1)
@maxLength(64)
param apiProject string = 'default'

@description('Bearer token clients present for apiProject (kept in Key Vault).')
@secure()
@minLength(32)
param apiToken string

// --- Artifacts ----------------------------------------------------------------------------------

@description('Id of the artifact encryption key, recorded in every encrypted artifact (lowercase letters, digits and hyphens). To rotate, deploy a new key under a new id; keep the old secret, older backups name it.')
@minLength(1)
@maxLength(100)
param artifactKeyId string = 'k1'

@description('Artifact encryption key: base64 of 32 random bytes (e.g. openssl rand -base64 32).')
@secure()
@minLength(44)
@maxLength(44)
param artifactKey string

// --- MySQL --------------------------------------------------------------------------------------

@description('Administrator login of the environment\'s server and of the servers the control plane creates.')
@minLength(1)
@maxLength(32)
param mysqlAdministratorLogin string = 'dbadmin'

@description('Administrator password of the environment\'s server (kept in Key Vault as mysql-admin-password).')
@secure()
@minLength(12)
param mysqlAdministratorPassword string

@description('How the environment\'s server is built; the control plane creates its servers with the same version and binlog settings.')
param mysqlServer mysqlServerSettings = {
  version: '8.0.21'
  skuTier: 'GeneralPurpose'
  skuName: 'Standard_D2ads_v5'
  storageSizeGB: 64
  storageAutoGrow: true
  backupRetentionDays: 7
  geoRedundantBackup: false
  highAvailability: 'Disabled'
  createReplica: false
  binlogExpireSeconds: 259200
  binlogRowImage: 'FULL'
}

@description('Public: servers answer on the internet behind firewall rules (Azure services admitted). Private: servers live in a delegated subnet of a new virtual network, which the Function App joins.')
@allowed([
  'Public'
  'Private'
])
param mysqlNetworkAccess string = 'Public'

@description('Further firewall rules of the environment\'s server, e.g. an operator\'s address (public access only).')
param mysqlFirewallRules firewallRule[] = []

@description('Address space of the virtual network (private access only).')
param virtualNetworkAddressPrefix string = '10.40.0.0/16'

// --- Names --------------------------------------------------------------------------------------

var token = uniqueString(resourceGroup().id, namePrefix)
var prefix = toLower(namePrefix)
var names = {
  identity: '${prefix}-id-${token}'
  workspace: '${prefix}-log-${token}'
  insights: '${prefix}-appi-${token}'
  storage: take('${prefix}st${token}', 24)
  vault: take('${prefix}-kv-${token}', 24)
  network: '${prefix}-vnet-${token}'
  plan: '${prefix}-plan-${token}'
  app: '${prefix}-func-${token}'
  mysql: '${prefix}-mysql-${token}'
  mysqlReplica: '${prefix}-mysql-${token}-r1'
}

var containers = {
  catalog: 'catalog'
  backups: 'backups'
  deployment: 'app-package'
}

var secretNames = {
  mysqlAdministratorPassword: 'mysql-admin-password'
  // The app reads the key from its secret store as secret id artifact-key-{id}; KeyVaultSecretNames doubles each '-'.
  artifactKey: replace('artifact-key-${artifactKeyId}', '-', '--')
  apiToken: 'api-token-${apiProject}'
}

var privateAccess = mysqlNetworkAccess == 'Private'

// Role assignments are named after the identity's resource id, which is known before deployment,
// rather than its principal id, which is not: what-if can then predict them.
var identityId = resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', names.identity)

@description('An app setting value that App Service resolves from Key Vault (latest version of the secret).')
func keyVaultReference(vaultUri string, secretName string) string =>
  '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/${secretName}/)'

// Admits callers inside Azure (the Flex Consumption app has no fixed outbound address).
var allowAzureServices = {
  name: 'AllowAllWindowsAzureIps'
  startIpAddress: '0.0.0.0'
  endIpAddress: '0.0.0.0'
}

// --- Resources ----------------------------------------------------------------------------------

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    location: location
    name: names.identity
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    workspaceName: names.workspace
    componentName: names.insights
    retentionInDays: 30
    publisherIdentityId: identityId
    publisherPrincipalId: identity.outputs.principalId
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    name: names.storage
    containerNames: [
      containers.catalog
      containers.backups
      containers.deployment
    ]
    softDeleteRetentionDays: 7
    appIdentityId: identityId
    appPrincipalId: identity.outputs.principalId
    tags: tags
  }
}

module vault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    location: location
    name: names.vault
    softDeleteRetentionInDays: 90
    secretNames: secretNames
    mysqlAdministratorPassword: mysqlAdministratorPassword
    artifactKey: artifactKey
    apiToken: apiToken
    appIdentityId: identityId
    appPrincipalId: identity.outputs.principalId
    tags: tags
  }
}

module network 'modules/network.bicep' = if (privateAccess) {
  name: 'network'
  params: {
    location: location
    name: names.network
    addressPrefix: virtualNetworkAddressPrefix
    functionsSubnetPrefix: cidrSubnet(virtualNetworkAddressPrefix, 24, 1)
    mysqlSubnetPrefix: cidrSubnet(virtualNetworkAddressPrefix, 24, 2)
    privateDnsZoneName: '${prefix}-${token}.private.mysql.database.azure.com'
    tags: tags
  }
}

module mysqlOperatorRole 'modules/mysql-operator-role.bicep' = {
  name: 'mysql-operator-role'
  params: {
    appIdentityId: identityId
    appPrincipalId: identity.outputs.principalId
    privateAccess: privateAccess
  }
}

module mysql 'modules/mysql.bicep' = {
  name: 'mysql'
  params: {
    location: location
    name: names.mysql
    replicaName: names.mysqlReplica
    settings: mysqlServer
    administratorLogin: mysqlAdministratorLogin
    administratorPassword: mysqlAdministratorPassword
    delegatedSubnetId: privateAccess ? network!.outputs.mysqlSubnetId : ''
    privateDnsZoneId: privateAccess ? network!.outputs.privateDnsZoneId : ''
    firewallRules: concat([allowAzureServices], mysqlFirewallRules)
    tags: tags
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    location: location
    planName: names.plan
    appName: names.app
    identityId: identity.outputs.id
    deploymentContainerUrl: '${storage.outputs.blobEndpoint}${containers.deployment}'
    dotnetVersion: dotnetVersion
    maximumInstanceCount: functionMaximumInstanceCount
    instanceMemoryMB: functionInstanceMemoryMB
    virtualNetworkSubnetId: privateAccess ? network!.outputs.functionsSubnetId : ''
    appSettings: {
      // Functions host storage and the Durable Azure Storage provider, with the app's identity.
      AzureWebJobsStorage__accountName: storage.outputs.name
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identity.outputs.clientId
      AzureWebJobsStorage__blobServiceUri: storage.outputs.blobEndpoint
      AzureWebJobsStorage__queueServiceUri: storage.outputs.queueEndpoint
      AzureWebJobsStorage__tableServiceUri: storage.outputs.tableEndpoint
      // host.json names it: "hubName": "%DurableTaskHubName%".
      DurableTaskHubName: durableTaskHubName
      APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.connectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.outputs.clientId};Authorization=AAD'
      // The control plane's own settings (section "Serverless"; see docs/deploy-azure.md).
      Serverless__Platform: 'Azure'
      Serverless__Azure__ManagedIdentityClientId: identity.outputs.clientId
      Serverless__Azure__ResourceManagerEndpoint: environment().resourceManager
      Serverless__Storage__BlobServiceUri: storage.outputs.blobEndpoint
      Serverless__Storage__CatalogContainer: containers.catalog
      Serverless__Storage__BackupsContainer: containers.backups
      Serverless__Secrets__KeyVaultUri: vault.outputs.uri
      Serverless__Artifacts__CurrentKeyId: artifactKeyId
      'Serverless__Api__ProjectTokens__${apiProject}': keyVaultReference(vault.outputs.uri, secretNames.apiToken)
      Serverless__Azure__MySql__SubscriptionId: subscription().subscriptionId
      Serverless__Azure__MySql__ResourceGroup: resourceGroup().name
      Serverless__Azure__MySql__Location: location
      Serverless__Azure__MySql__Version: mysqlServer.version
      Serverless__Azure__MySql__AdministratorLogin: mysqlAdministratorLogin
      Serverless__Azure__MySql__BinlogExpireSeconds: string(mysqlServer.binlogExpireSeconds)
      Serverless__Azure__MySql__BinlogRowImage: mysqlServer.binlogRowImage
      Serverless__Azure__MySql__DelegatedSubnetId: privateAccess ? network!.outputs.mysqlSubnetId : ''
      Serverless__Azure__MySql__PrivateDnsZoneId: privateAccess ? network!.outputs.privateDnsZoneId : ''
    }
    tags: tags
  }
  dependsOn: [
    // The host must not start before its identity may use storage and the vault (the outputs
    // above already order it after those modules) and manage MySQL servers.
    mysqlOperatorRole
  ]
}

@description('Name of the Function App: the target of the zip deployment.')
output functionAppName string = functionApp.outputs.name

@description('Host name of the control plane\'s API.')
output functionAppHostName string = functionApp.outputs.defaultHostName

@description('Storage account of the catalog, backups, task hub and deployment package.')
output storageAccountName string = storage.outputs.name

@description('Blob container Flex Consumption deploys the package from.')
output deploymentContainer string = containers.deployment

@description('Key Vault of the environment.')
output keyVaultName string = vault.outputs.name

@description('Client id of the app\'s managed identity.')
output identityClientId string = identity.outputs.clientId

@description('Host name of the environment\'s MySQL server.')
output mysqlFullyQualifiedDomainName string = mysql.outputs.fullyQualifiedDomainName

@description('Host name of its read replica; empty when there is none.')
output mysqlReplicaFullyQualifiedDomainName string = mysql.outputs.replicaFullyQualifiedDomainName
