{{/* The release's name for its objects, at most 63 characters. */}}
{{- define "lineup.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "lineup.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "lineup.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "lineup.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "lineup.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{- define "lineup.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{ .Values.serviceAccount.name | default (include "lineup.fullname" .) }}
{{- else -}}
{{ .Values.serviceAccount.name | default "default" }}
{{- end -}}
{{- end -}}

{{- define "lineup.jdbcUrl" -}}
jdbc:postgresql://{{ .Values.database.host }}:{{ .Values.database.port }}/{{ .Values.database.name }}?sslmode={{ .Values.database.sslmode }}
{{- end -}}

{{/* The pool's Deployment name: <fullname>-worker-<pool>. */}}
{{- define "lineup.poolName" -}}
{{ include "lineup.fullname" .root }}-worker-{{ .pool.name }}
{{- end -}}

{{/* The priority words as lineup_priority values (migration V2: critical 0, high 1, normal 2, low 3). */}}
{{- define "lineup.priorityNumbers" -}}
{{- $n := dict "critical" "0" "high" "1" "normal" "2" "low" "3" -}}
{{- $out := list -}}
{{- range . }}{{ $out = append $out (get $n .) }}{{ end -}}
{{- join "," $out -}}
{{- end -}}

{{/* Refuses what the schema cannot: pool names used twice, minReplicas above maxReplicas. */}}
{{- define "lineup.validate" -}}
{{- $seen := dict -}}
{{- range .Values.workerPools -}}
{{- if hasKey $seen .name -}}
{{- fail (printf "workerPools: the name %q is used twice" .name) -}}
{{- end -}}
{{- $_ := set $seen .name true -}}
{{- if gt (int .minReplicas) (int .maxReplicas) -}}
{{- fail (printf "workerPools[%s]: minReplicas (%d) is above maxReplicas (%d)" .name (int .minReplicas) (int .maxReplicas)) -}}
{{- end -}}
{{- end -}}
{{- if and (eq .Values.sms.provider "twilio") (not (or .Values.sms.twilio.from .Values.sms.twilio.messagingServiceSid)) -}}
{{- fail "sms.provider twilio needs sms.twilio.from or sms.twilio.messagingServiceSid" -}}
{{- end -}}
{{- if and (eq .Values.email.provider "smtp") (not .Values.email.smtp.host) -}}
{{- fail "email.provider smtp needs email.smtp.host" -}}
{{- end -}}
{{- end -}}

{{/*
The environment every role gets: the ConfigMap, then the Secrets, each by reference.
*/}}
{{- define "lineup.commonEnv" -}}
- name: LINEUP_DATABASE_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ .Values.database.existingSecret }}
      key: {{ .Values.database.usernameKey }}
- name: LINEUP_DATABASE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .Values.database.existingSecret }}
      key: {{ .Values.database.passwordKey }}
{{- if .Values.redis.existingSecret }}
- name: LINEUP_REDIS_URL
  valueFrom:
    secretKeyRef:
      name: {{ .Values.redis.existingSecret }}
      key: {{ .Values.redis.urlKey }}
{{- end }}
{{- with .Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/*
One Deployment. Arguments: root, component (api, scheduler, dashboard, worker), name, replicas
(omitted when KEDA owns them), env (extra entries, YAML), ports (YAML), resources, grace, pool.
*/}}
{{- define "lineup.deployment" -}}
{{- $root := .root -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .name }}
  labels:
    {{- include "lineup.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ .component }}
    {{- with .pool }}
    lineup.dev/worker-pool: {{ .name }}
    {{- end }}
spec:
  {{- if hasKey . "replicas" }}
  replicas: {{ .replicas }}
  {{- end }}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      {{- include "lineup.selectorLabels" $root | nindent 6 }}
      app.kubernetes.io/component: {{ .component }}
      {{- with .pool }}
      lineup.dev/worker-pool: {{ .name }}
      {{- end }}
  template:
    metadata:
      labels:
        {{- include "lineup.selectorLabels" $root | nindent 8 }}
        app.kubernetes.io/component: {{ .component }}
        {{- with .pool }}
        lineup.dev/worker-pool: {{ .name }}
        {{- end }}
      annotations:
        checksum/config: {{ include (print $root.Template.BasePath "/configmap.yaml") $root | sha256sum }}
        {{- with $root.Values.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ include "lineup.serviceAccountName" $root }}
      automountServiceAccountToken: false
      {{- with $root.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      securityContext:
        {{- toYaml $root.Values.podSecurityContext | nindent 8 }}
      terminationGracePeriodSeconds: {{ .grace }}
      containers:
        - name: lineup
          image: {{ include "lineup.image" $root }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          securityContext:
            {{- toYaml $root.Values.securityContext | nindent 12 }}
          envFrom:
            - configMapRef:
                name: {{ include "lineup.fullname" $root }}
          env:
            - name: LINEUP_ROLES
              value: {{ .component }}
            {{- include "lineup.commonEnv" $root | nindent 12 }}
            {{- with .env }}
            {{- . | nindent 12 }}
            {{- end }}
          ports:
            {{- with .ports }}
            {{- . | nindent 12 }}
            {{- end }}
            - name: management
              containerPort: {{ $root.Values.managementPort }}
              protocol: TCP
          startupProbe:
            httpGet:
              path: /actuator/health/liveness
              port: management
            periodSeconds: 5
            failureThreshold: 60
          livenessProbe:
            httpGet:
              path: /actuator/health/liveness
              port: management
            periodSeconds: 10
            timeoutSeconds: 3
            failureThreshold: 3
          readinessProbe:
            httpGet:
              path: /actuator/health/readiness
              port: management
            periodSeconds: 5
            timeoutSeconds: 3
            failureThreshold: 3
          resources:
            {{- toYaml .resources | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir: {}
      {{- with $root.Values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $root.Values.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $root.Values.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- end -}}
