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

{{/* Refuses settings the embedded database cannot run with (values.schema.json says the same). */}}
{{- define "trasealla-crm.validate" -}}
{{- if and (eq .Values.database.type "embedded") (gt (int .Values.replicaCount) 1) }}
{{- fail "replicaCount must be 0 or 1: the embedded SQLite database is a file on one ReadWriteOnce volume and allows one server at a time. Scale up the pod's resources instead." }}
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

{{/* The server's environment: settings from the ConfigMap, TMPDIR on the writable emptyDir. */}}
{{- define "trasealla-crm.env" -}}
- name: TRASEALLA_DATA_DIR
  value: /data
- name: TMPDIR
  value: /tmp
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
