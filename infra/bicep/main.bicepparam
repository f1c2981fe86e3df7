// Parameters of a deployment. Secrets come from environment variables of the shell that runs
// `az deployment group create` (docs/deploy-azure.md); nothing secret is written here.
using 'main.bicep'

param namePrefix = 'dbaas'

param mysqlAdministratorPassword = readEnvironmentVariable('SERVERLESS_MYSQL_ADMIN_PASSWORD')
param artifactKey = readEnvironmentVariable('SERVERLESS_ARTIFACT_KEY')
param apiToken = readEnvironmentVariable('SERVERLESS_API_TOKEN')

param mysqlServer = {
  version: '8.0.21'
  skuTier: 'GeneralPurpose'
  skuName: 'Standard_D2ads_v5'
  storageSizeGB: 64
  storageAutoGrow: true
  backupRetentionDays: 7
  geoRedundantBackup: false
  highAvailability: 'Disabled'
  createReplica: true
  binlogExpireSeconds: 259200
  binlogRowImage: 'FULL'
}
