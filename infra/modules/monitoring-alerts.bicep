// The alert rules, and the action group that mails the operator when one fires. Each rule is a log
// search alert on the Log Analytics workspace; its query is a file in infra/queries, loaded as it is and
// checked by tests/LogisticsFunctions.Infra.Tests (KqlQueryTests). docs/operations.md says what each
// alert means, why its threshold is what it is, and what to do when it fires.
//
// Without an e-mail address there is no action group: the rules still evaluate and fire, and fired
// alerts show in the portal (Monitor → Alerts, or the resource group's Alerts), but nobody is told.

@description('Azure region of the rules (the workspace\'s).')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Prefix of every rule\'s name, unique in the resource group.')
param namePrefix string

@description('Name of the Log Analytics workspace the rules query.')
param logAnalyticsName string

@description('Address that receives the alerts; empty: no action group, the rules fire in the portal only.')
param alertEmailAddress string

@description('Alert when a function answers more than this share of its requests (percent, at least 20 requests in 15 minutes) with a 5xx.')
@minValue(1)
@maxValue(100)
param serverErrorPercent int

@description('Alert when WeChat refuses more than this many access tokens in 15 minutes.')
@minValue(0)
param weChatRefusals int

@description('Alert when more than this many of the app\'s secret reads fail in 15 minutes.')
@minValue(0)
param keyVaultFailures int

@description('Alert when the push receiver refuses more than this many pushes in 15 minutes.')
@minValue(0)
param pushesRefused int

@description('Alert when more than this many messages were dead-lettered in the last 24 hours and not yet removed, per dead-letter queue.')
@minValue(0)
param deadLetterMessages int

@description('Alert when an event the relay delivered had waited more than this many seconds since it was first queued.')
@minValue(1)
param relayLagSeconds int

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: logAnalyticsName
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (!empty(alertEmailAddress)) {
  name: '${namePrefix}-operator'
  location: 'Global'
  tags: tags
  properties: {
    // At most 12 characters: the sender name of the e-mails and text messages.
    groupShortName: 'logistics'
    enabled: true
    emailReceivers: [
      {
        name: 'operator'
        emailAddress: alertEmailAddress
        useCommonAlertSchema: true
      }
    ]
  }
}

// severity: 0 critical … 4 verbose. timeAggregation folds the rows of one dimension combination in
// one evaluation; every query returns one row per combination, so Maximum is that row's value.
var rules = [
  {
    name: 'server-errors'
    displayName: 'LogisticsFunctions: a function fails too often'
    description: 'A function answered more than the threshold\'s percentage of its requests (at least 20 in 15 minutes) with a 5xx. See docs/operations.md, "A function fails too often".'
    severity: 2
    query: loadTextContent('../queries/alert-server-errors.kql')
    measure: 'ServerErrorPercent'
    threshold: serverErrorPercent
    dimensions: [
      'Method'
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
  }
  {
    name: 'token-refusals'
    displayName: 'LogisticsFunctions: WeChat refuses access tokens'
    description: 'WeChat refused more access tokens than the threshold in 15 minutes. See docs/operations.md, "WeChat refuses access tokens".'
    severity: 2
    query: loadTextContent('../queries/alert-token-refusals.kql')
    measure: 'Refusals'
    threshold: weChatRefusals
    dimensions: []
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
  }
  {
    name: 'key-vault-failures'
    displayName: 'LogisticsFunctions: the app cannot read its secrets'
    description: 'Reads of the app\'s Key Vault secrets failed (not found, forbidden, throttled or unavailable). See docs/operations.md, "The app cannot read its secrets".'
    severity: 1
    query: loadTextContent('../queries/alert-key-vault-failures.kql')
    measure: 'Failures'
    threshold: keyVaultFailures
    dimensions: [
      'Secret'
      'Outcome'
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
  }
  {
    name: 'pushes-refused'
    displayName: 'LogisticsFunctions: pushes refused in a burst'
    description: 'The push receiver refused more pushes than the threshold in 15 minutes: someone may be probing the endpoint, or WeChat\'s settings and ours disagree. See docs/operations.md, "Pushes refused in a burst".'
    severity: 3
    query: loadTextContent('../queries/alert-pushes-refused.kql')
    measure: 'Refused'
    threshold: pushesRefused
    dimensions: []
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
  }
  {
    name: 'dead-letter'
    displayName: 'LogisticsFunctions: events in a dead-letter queue'
    description: 'Messages were put on a dead-letter (poison) queue in the last 24 hours and not removed. See docs/operations.md, "Events in a dead-letter queue".'
    severity: 2
    query: loadTextContent('../queries/alert-dead-letter.kql')
    measure: 'Waiting'
    threshold: deadLetterMessages
    dimensions: [
      'Queue'
    ]
    evaluationFrequency: 'PT15M'
    windowSize: 'P1D'
  }
  {
    name: 'relay-lag'
    displayName: 'LogisticsFunctions: webhook deliveries lag'
    description: 'The relay delivered an event that had waited longer than the threshold. See docs/operations.md, "Webhook deliveries lag".'
    severity: 2
    query: loadTextContent('../queries/alert-relay-lag.kql')
    measure: 'MaxAgeSeconds'
    threshold: relayLagSeconds
    dimensions: []
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
  }
]

resource alertRules 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [
  for rule in rules: {
    name: '${namePrefix}-${rule.name}'
    location: location
    tags: tags
    kind: 'LogAlert'
    properties: {
      displayName: rule.displayName
      description: rule.description
      severity: rule.severity
      enabled: true
      evaluationFrequency: rule.evaluationFrequency
      windowSize: rule.windowSize
      scopes: [
        workspace.id
      ]
      targetResourceTypes: [
        'Microsoft.OperationalInsights/workspaces'
      ]
      criteria: {
        allOf: [
          {
            query: rule.query
            timeAggregation: 'Maximum'
            metricMeasureColumn: rule.measure
            operator: 'GreaterThan'
            threshold: rule.threshold
            dimensions: map(rule.dimensions, dimension => {
              name: dimension
              operator: 'Include'
              values: [
                '*'
              ]
            })
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      // Resolved by itself once an evaluation no longer crosses the threshold.
      autoMitigate: true
      // A new workspace has none of these tables until their first records arrive (the audit logs, the
      // app's metrics), and Azure refuses a rule whose query it cannot resolve. The queries are parsed
      // and bound against the documented schema by KqlQueryTests instead.
      skipQueryValidation: true
      actions: {
        actionGroups: empty(alertEmailAddress) ? [] : [actionGroup.id]
      }
    }
  }
]
