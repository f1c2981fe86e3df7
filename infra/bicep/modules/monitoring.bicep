// Application Insights on a Log Analytics workspace. Local (key) authentication is off: the app
// sends telemetry with its managed identity, which gets Monitoring Metrics Publisher here.

import { stringMap } from '../types.bicep'

@description('Region of the workspace and the component.')
param location string

@description('Name of the Log Analytics workspace.')
param workspaceName string

@description('Name of the Application Insights component.')
param componentName string

@description('Days the workspace keeps logs.')
param retentionInDays int

@description('Resource id of the identity that publishes telemetry (names its role assignment).')
param publisherIdentityId string

@description('Principal id of that identity.')
param publisherPrincipalId string

@description('Tags for both resources.')
param tags stringMap

var monitoringMetricsPublisherRoleId = '3913510d-42f4-4e42-8a64-420c390055eb'

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-02-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

resource component 'Microsoft.Insights/components@2020-02-02' = {
  name: componentName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
  }
}

resource publisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(component.id, publisherIdentityId, monitoringMetricsPublisherRoleId)
  scope: component
  properties: {
    principalId: publisherPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisherRoleId)
  }
}

@description('Connection string of the component (no key: ingestion is authenticated with Entra ID).')
output connectionString string = component.properties.ConnectionString
