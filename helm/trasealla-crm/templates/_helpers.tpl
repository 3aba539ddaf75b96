{{/* Chart name, truncated to the 63 characters Kubernetes names allow. */}}
{{- define "trasealla-crm.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's full name: <release>-trasealla-crm, or fullnameOverride. */}}
{{- define "trasealla-crm.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "trasealla-crm.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "trasealla-crm.selectorLabels" -}}
app.kubernetes.io/name: {{ include "trasealla-crm.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The CRM server's pods only: the Service, the Deployment's selector and the backup job's
affinity use these, so the helm test pod and the backup job's pod (same name and instance
labels, other components) never receive the Service's traffic. */}}
{{- define "trasealla-crm.serverSelectorLabels" -}}
{{ include "trasealla-crm.selectorLabels" . }}
app.kubernetes.io/component: server
{{- end }}

{{- define "trasealla-crm.labels" -}}
helm.sh/chart: {{ include "trasealla-crm.chart" . }}
{{ include "trasealla-crm.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "trasealla-crm.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "trasealla-crm.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "trasealla-crm.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* The Secret holding the license key and the admin's password. */}}
{{- define "trasealla-crm.secretName" -}}
{{- default (include "trasealla-crm.fullname" .) .Values.activation.existingSecret }}
{{- end }}

{{- define "trasealla-crm.claimName" -}}
{{- default (printf "%s-data" (include "trasealla-crm.fullname" .)) .Values.persistence.existingClaim }}
{{- end }}

{{/* "true" when the CRM serves from PostgreSQL (database.type postgres), else empty. */}}
{{- define "trasealla-crm.postgres" -}}
{{- if eq .Values.database.type "postgres" }}true{{ end }}
{{- end }}

{{/* The Secret holding the PostgreSQL URL (under database.postgres.secretKey): yours, or the chart's. */}}
{{- define "trasealla-crm.databaseSecretName" -}}
{{- default (printf "%s-database" (include "trasealla-crm.fullname" .)) .Values.database.postgres.existingSecret }}
{{- end }}

{{/* The migrate hook Job, and the hook Secret it reads the chart-made values from. */}}
{{- define "trasealla-crm.migrateName" -}}
{{- printf "%s-migrate" (include "trasealla-crm.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* How many CRM pods run at least: the autoscaler's minimum, or replicaCount. */}}
{{- define "trasealla-crm.minReplicas" -}}
{{- if .Values.autoscaling.enabled }}{{ .Values.autoscaling.minReplicas | int }}{{ else }}{{ .Values.replicaCount | int }}{{ end }}
{{- end }}

{{/* The server settings: the ConfigMap's data, and the migrate hook Job's env (which runs before
the ConfigMap exists). */}}
{{- define "trasealla-crm.config" -}}
HOST: "0.0.0.0"
PORT: "3000"
LOG_LEVEL: {{ .Values.config.logLevel | quote }}
TRASEALLA_LICENSE_SERVER: {{ .Values.config.licenseServer | quote }}
TRASEALLA_TRUST_PROXY: {{ .Values.config.trustProxy | quote }}
TRASEALLA_COOKIE_SECURE: {{ .Values.config.cookieSecure | quote }}
TRASEALLA_SHUTDOWN_TIMEOUT_MS: {{ .Values.config.shutdownTimeoutMs | int | quote }}
{{- with .Values.config.baseDomain }}
TRASEALLA_BASE_DOMAIN: {{ . | quote }}
{{- end }}
{{- if include "trasealla-crm.postgres" . }}
TRASEALLA_DATABASE_POOL_SIZE: {{ .Values.database.postgres.poolSize | int | quote }}
{{- end }}
{{- end }}

{{/* Refuses settings the chart cannot run with (values.schema.json says the same). */}}
{{- define "trasealla-crm.validate" -}}
{{- if not (has .Values.database.type (list "embedded" "postgres")) }}
{{- fail (printf "database.type must be embedded or postgres, not %q." (toString .Values.database.type)) }}
{{- end }}
{{- if and (eq .Values.database.type "embedded") (gt (int .Values.replicaCount) 1) }}
{{- fail "replicaCount must be 0 or 1: the embedded SQLite database is a file on one ReadWriteOnce volume and allows one server at a time. Scale up the pod's resources instead." }}
{{- end }}
{{- if and .Values.autoscaling.enabled (not (include "trasealla-crm.postgres" .)) }}
{{- fail "autoscaling.enabled needs database.type postgres: the embedded SQLite database allows one server at a time." }}
{{- end }}
{{- if include "trasealla-crm.postgres" . }}
{{- if and (not .Values.database.postgres.existingSecret) (not .Values.database.postgres.url) }}
{{- fail "database.type postgres needs the database's URL: set database.postgres.url, or database.postgres.existingSecret (a Secret holding it under database.postgres.secretKey)." }}
{{- end }}
{{- if .Values.backup.enabled }}
{{- fail "backup.enabled is for the embedded database: trasealla backup refuses PostgreSQL. Back it up with pg_dump (your DBA's backups), and set backup.enabled=false." }}
{{- end }}
{{- end }}
{{- if and .Values.autoscaling.enabled (gt (int .Values.autoscaling.minReplicas) (int .Values.autoscaling.maxReplicas)) }}
{{- fail "autoscaling.minReplicas must not be above autoscaling.maxReplicas." }}
{{- end }}
{{- $minAvailable := .Values.podDisruptionBudget.minAvailable }}
{{- if and (include "trasealla-crm.postgres" .) .Values.podDisruptionBudget.enabled (not (kindIs "string" $minAvailable)) (gt (int (include "trasealla-crm.minReplicas" .)) 1) (ge (int $minAvailable) (int (include "trasealla-crm.minReplicas" .))) }}
{{- fail "podDisruptionBudget.minAvailable must be below the number of replicas (replicaCount, or autoscaling.minReplicas): otherwise no CRM pod may ever be evicted and node drains hang." }}
{{- end }}
{{- if and .Values.activation.enabled (not .Values.activation.existingSecret) (not .Values.activation.licenseKey) }}
{{- fail "activation.enabled needs the license key: set activation.licenseKey or activation.existingSecret." }}
{{- end }}
{{- if and .Values.backup.enabled (not .Values.persistence.enabled) }}
{{- fail "backup.enabled needs persistence.enabled: with persistence off the database lives in the CRM pod's emptyDir, which the backup job cannot reach." }}
{{- end }}
{{- if and .Values.backup.enabled (not .Values.persistence.existingClaim) (eq .Values.persistence.accessMode "ReadWriteOncePod") }}
{{- fail "backup.enabled needs persistence.accessMode ReadWriteOnce: the backup job mounts the data volume beside the running CRM, which a ReadWriteOncePod claim refuses." }}
{{- end }}
{{- end }}

{{/* The server's environment: settings from the ConfigMap, TMPDIR on the writable emptyDir, and
with PostgreSQL the file holding the database URL (the "database" volume). */}}
{{- define "trasealla-crm.env" -}}
- name: TRASEALLA_DATA_DIR
  value: /data
- name: TMPDIR
  value: /tmp
{{- if include "trasealla-crm.postgres" . }}
# The database URL only ever from the Secret, mounted as a file (never an env value or the ConfigMap).
- name: TRASEALLA_DATABASE_URL_FILE
  value: /etc/trasealla/database/url
{{- end }}
{{- end }}

{{/* One HTTP probe from its values (path, timings). Numbers go through int: helm reads values as
float64, and a float of a million or more prints as 1e+06. */}}
{{- define "trasealla-crm.httpProbe" -}}
httpGet:
  path: {{ .path }}
  port: http
initialDelaySeconds: {{ .initialDelaySeconds | default 0 | int }}
periodSeconds: {{ .periodSeconds | default 10 | int }}
timeoutSeconds: {{ .timeoutSeconds | default 3 | int }}
failureThreshold: {{ .failureThreshold | default 3 | int }}
{{- end }}
