// A variant of main.bicepparam: MySQL servers reachable only inside a new virtual network that the
// Function App joins, with zone-redundant HA and no replica. Deploy it the same way
// (docs/deploy-azure.md); CI validates its snapshot too.
using 'main.bicep'

param namePrefix = 'dbaas'

param mysqlAdministratorPassword = readEnvironmentVariable('SERVERLESS_MYSQL_ADMIN_PASSWORD')
param artifactKey = readEnvironmentVariable('SERVERLESS_ARTIFACT_KEY')
param apiToken = readEnvironmentVariable('SERVERLESS_API_TOKEN')

param mysqlNetworkAccess = 'Private'
param virtualNetworkAddressPrefix = '10.40.0.0/16'

param mysqlServer = {
  version: '8.0.21'
  skuTier: 'GeneralPurpose'
  skuName: 'Standard_D2ads_v5'
  storageSizeGB: 128
  storageAutoGrow: true
  backupRetentionDays: 14
  geoRedundantBackup: false
  highAvailability: 'ZoneRedundant'
  createReplica: false
  binlogExpireSeconds: 259200
  binlogRowImage: 'FULL'
}
