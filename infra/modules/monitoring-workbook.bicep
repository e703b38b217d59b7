// The operations workbook: one page with what an operator looks at first (docs/operations.md explains
// each chart). It is listed under the Application Insights component (Workbooks) and reads the Log
// Analytics workspace the component writes to, where the app's requests, dependencies and metrics sit
// next to the vault's audit log and the storage account's queue and blob logs. Every query is a file in
// infra/queries, loaded here as it is, and parsed and bound against the workspace's schema by
// tests/LogisticsFunctions.Infra.Tests (KqlQueryTests).

@description('Name of the workbook: a GUID, stable per environment.')
param name string

@description('Azure region of the workbook.')
param location string

@description('Tags applied to the workbook.')
param tags object

@description('Name shown in the portal.')
param displayName string

@description('Name of the Application Insights component the workbook is listed under.')
param applicationInsightsName string

@description('Name of the Log Analytics workspace the queries read.')
param logAnalyticsName string

@description('Name of the app\'s storage account, for the queue metrics.')
param storageAccountName string

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: logAnalyticsName
}

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName

  resource queueService 'queueServices' existing = {
    name: 'default'
  }
}

// Stand-ins for resource ids, replaced when the workbook is serialized: the content below stays plain
// data the tests can read as it is.
var applicationInsightsPlaceholder = '{logistics-application-insights}'
var workspacePlaceholder = '{logistics-workspace}'
var queueServicePlaceholder = '{logistics-queue-service}'

// Sections of charts, top to bottom. Each chart: a query file and how to draw it; queueMetric adds the
// storage account's message count after the charts.
var sections = [
  {
    title: 'Requests'
    queueMetric: false
    text: 'Every request the Functions host ran, per function. **4xx** are the caller\'s mistakes or WeChat refusing the request as such; **5xx** are failures on our side or upstream, the ones the failure-rate alert counts.'
    charts: [
      {
        name: 'requests-per-method'
        title: 'Requests, errors and latency per function'
        query: loadTextContent('../queries/requests-per-method.kql')
        visualization: 'table'
      }
      {
        name: 'server-errors-per-method'
        title: '5xx answers per function'
        query: loadTextContent('../queries/server-errors-per-method.kql')
        visualization: 'timechart'
      }
      {
        name: 'latency-per-method'
        title: 'p99 latency per function (ms)'
        query: loadTextContent('../queries/latency-per-method.kql')
        visualization: 'timechart'
      }
    ]
  }
  {
    title: 'WeChat'
    queueMetric: false
    text: 'Calls to api.weixin.qq.com as the worker\'s HTTP dependencies (named by path, without the query), and the errcodes WeChat answered per method (metric `logistics.cloud_calls`).'
    charts: [
      {
        name: 'wechat-latency-per-api'
        title: 'WeChat latency per API path'
        query: loadTextContent('../queries/wechat-latency-per-api.kql')
        visualization: 'table'
      }
      {
        name: 'wechat-latency-over-time'
        title: 'WeChat latency p50 and p99 (ms)'
        query: loadTextContent('../queries/wechat-latency-over-time.kql')
        visualization: 'timechart'
      }
      {
        name: 'errcodes-over-time'
        title: 'WeChat errcodes per method'
        query: loadTextContent('../queries/errcodes-over-time.kql')
        visualization: 'timechart'
      }
      {
        name: 'cloud-call-outcomes'
        title: 'Cloud calls by method, outcome and errcode'
        query: loadTextContent('../queries/cloud-call-outcomes.kql')
        visualization: 'table'
      }
    ]
  }
  {
    title: 'Access token and secrets'
    queueMetric: false
    text: 'Token fetches by reason and the tokens WeChat refused (metrics `wechat.access_token.*`); the app\'s secret reads by role and outcome (`wechat.key_vault.reads`); and the vault\'s own audit log: who read or changed which secret.'
    charts: [
      {
        name: 'token-fetches'
        title: 'Access-token fetches by reason / outcome'
        query: loadTextContent('../queries/token-fetches.kql')
        visualization: 'timechart'
      }
      {
        name: 'token-refusals'
        title: 'Access tokens WeChat refused'
        query: loadTextContent('../queries/token-refusals.kql')
        visualization: 'timechart'
      }
      {
        name: 'key-vault-reads'
        title: 'Secret reads by the app'
        query: loadTextContent('../queries/key-vault-reads.kql')
        visualization: 'table'
      }
      {
        name: 'vault-audit'
        title: 'Vault audit: who touched which secret'
        query: loadTextContent('../queries/vault-audit.kql')
        visualization: 'table'
      }
    ]
  }
  {
    title: 'Pushes and the webhook relay'
    queueMetric: false
    text: 'WeChat\'s pushes by outcome (`logistics.pushes`), the relay\'s deliveries (`logistics.relay.deliveries`), how long events waited (`logistics.relay.event_age`) and how many attempts they took.'
    charts: [
      {
        name: 'pushes'
        title: 'Pushes by outcome (reason)'
        query: loadTextContent('../queries/pushes.kql')
        visualization: 'timechart'
      }
      {
        name: 'relay-deliveries'
        title: 'Webhook deliveries by outcome and status'
        query: loadTextContent('../queries/relay-deliveries.kql')
        visualization: 'timechart'
      }
      {
        name: 'relay-lag'
        title: 'Age of an event when delivered (s)'
        query: loadTextContent('../queries/relay-lag.kql')
        visualization: 'timechart'
      }
      {
        name: 'relay-attempts'
        title: 'Attempts per event'
        query: loadTextContent('../queries/relay-attempts.kql')
        visualization: 'table'
      }
    ]
  }
  {
    title: 'Queues and the deployment package'
    queueMetric: true
    text: 'Per-queue traffic and the dead-letter queues from the storage account\'s queue log (the log shows messages put and removed, not how many wait); the account-wide message count is the platform metric below, hourly. Last, every write to the deployment package: each should be one of your deployments.'
    charts: [
      {
        name: 'queue-traffic'
        title: 'Messages put and deleted per queue'
        query: loadTextContent('../queries/queue-traffic.kql')
        visualization: 'timechart'
      }
      {
        name: 'dead-letter'
        title: 'Dead-letter queues'
        query: loadTextContent('../queries/dead-letter.kql')
        visualization: 'table'
      }
      {
        name: 'package-writes'
        title: 'Writes to the deployment package'
        query: loadTextContent('../queries/package-writes.kql')
        visualization: 'table'
      }
    ]
  }
]

var timeRange = {
  type: 9
  name: 'parameters'
  content: {
    version: 'KqlParameterItem/1.0'
    parameters: [
      {
        id: 'c0ffee00-0000-4000-8000-000000000001'
        version: 'KqlParameterItem/1.0'
        name: 'TimeRange'
        label: 'Time range'
        type: 4
        isRequired: true
        value: {
          durationMs: 86400000
        }
        typeSettings: {
          selectableValues: [
            {
              durationMs: 3600000
            }
            {
              durationMs: 14400000
            }
            {
              durationMs: 86400000
            }
            {
              durationMs: 259200000
            }
            {
              durationMs: 604800000
            }
          ]
          allowCustom: true
        }
      }
    ]
    style: 'pills'
    queryType: 0
    resourceType: 'microsoft.operationalinsights/workspaces'
  }
}

// The storage account's own hourly metric: messages in all its queues together (Azure Storage does
// not report it per queue).
var queueMessageCount = {
  type: 10
  name: 'queue-message-count'
  content: {
    version: 'MetricsItem/2.0'
    size: 0
    chartType: 2
    resourceType: 'microsoft.storage/storageaccounts/queueservices'
    metricScope: 0
    resourceIds: [
      queueServicePlaceholder
    ]
    timeContextFromParameter: 'TimeRange'
    timeContext: {
      durationMs: 86400000
    }
    metrics: [
      {
        namespace: 'microsoft.storage/storageaccounts/queueservices'
        metric: 'microsoft.storage/storageaccounts/queueservices-Capacity-QueueMessageCount'
        aggregation: 4
      }
    ]
    title: 'Messages in all queues of the account (hourly average)'
    gridSettings: {
      rowLimit: 10000
    }
  }
}

var workbook = {
  version: 'Notebook/1.0'
  items: concat(
    [
      timeRange
    ],
    map(sections, section => {
      type: 12
      name: section.title
      content: {
        version: 'NotebookGroup/1.0'
        groupType: 'editable'
        title: section.title
        items: concat(
          [
            {
              type: 1
              name: '${section.title} text'
              content: {
                json: section.text
              }
            }
          ],
          map(section.charts, chart => {
            type: 3
            name: chart.name
            content: {
              version: 'KqlItem/1.0'
              query: chart.query
              size: 0
              title: chart.title
              visualization: chart.visualization
              timeContextFromParameter: 'TimeRange'
              timeContext: {
                durationMs: 86400000
              }
              queryType: 0
              resourceType: 'microsoft.operationalinsights/workspaces'
              crossComponentResources: [
                workspacePlaceholder
              ]
            }
          }),
          section.queueMetric
            ? [
                queueMessageCount
              ]
            : []
        )
      }
    })
  )
  isLocked: false
  fallbackResourceIds: [
    applicationInsightsPlaceholder
  ]
}

resource operationsWorkbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: displayName
    category: 'workbook'
    sourceId: toLower(applicationInsights.id)
    version: 'Notebook/1.0'
    serializedData: replace(
      replace(
        replace(string(workbook), applicationInsightsPlaceholder, toLower(applicationInsights.id)),
        workspacePlaceholder,
        workspace.id
      ),
      queueServicePlaceholder,
      storage::queueService.id
    )
  }
}
