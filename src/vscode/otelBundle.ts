// Entry of dist/otel.js: the OpenTelemetry SDK and exporter, bundled apart from dist/extension.js and required by
// src/vscode/telemetry.ts only when frugal.telemetry.otlp.enabled is on.
export { createOtlpTelemetry } from '../core/telemetry/otlpExporter';
