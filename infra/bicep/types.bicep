// Types shared by main.bicep and its modules.

@export()
@description('One IPv4 range admitted by a MySQL server firewall (public access only).')
type firewallRule = {
  @description('Rule name: letters, digits, hyphens and underscores.')
  @minLength(1)
  @maxLength(80)
  name: string

  @description('First address of the range.')
  startIpAddress: string

  @description('Last address of the range.')
  endIpAddress: string
}

@export()
@description('How the environment\'s MySQL Flexible Server is built.')
type mysqlServerSettings = {
  @description('MySQL version.')
  version: '8.0.21' | '8.4'

  @description('Compute tier. Read replicas and HA need GeneralPurpose or MemoryOptimized.')
  skuTier: 'Burstable' | 'GeneralPurpose' | 'MemoryOptimized'

  @description('Compute size, e.g. Standard_B1ms, Standard_D2ads_v5, Standard_E2ads_v5.')
  skuName: string

  @description('Storage size in GiB.')
  @minValue(20)
  @maxValue(16384)
  storageSizeGB: int

  @description('Grow storage automatically before it runs full (required with HA).')
  storageAutoGrow: bool

  @description('Days automated backups are kept.')
  @minValue(1)
  @maxValue(35)
  backupRetentionDays: int

  @description('Copy backups to the paired region (needed for geo-restore).')
  geoRedundantBackup: bool

  @description('High availability: a standby in the same zone or in another zone (not on Burstable).')
  highAvailability: 'Disabled' | 'SameZone' | 'ZoneRedundant'

  @description('Create one read replica of the server.')
  createReplica: bool

  @description('Seconds the server keeps binlog files (binlog_expire_logs_seconds).')
  @minValue(3600)
  @maxValue(4294967295)
  binlogExpireSeconds: int

  @description('Row image written to the binlog (binlog_row_image).')
  binlogRowImage: 'FULL' | 'MINIMAL' | 'NOBLOB'
}

@export()
@description('Resource tags, or app settings: names to string values.')
type stringMap = {
  *: string
}
