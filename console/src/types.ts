// The API answers the console reads (a subset of each service's OpenAPI models).
import type { JsonSchema } from "./forms/schema";

export interface Connector {
  name: string;
  title: string;
  operations: string[];
  credentials_schema: JsonSchema;
}

export interface Connection {
  id: string;
  name: string;
  connector: string;
  status: string;
  last_error: string | null;
  webhook_url: string;
  credential_fields_set: string[];
}

export interface Integration {
  id: string;
  name: string;
  source_connection_id: string;
  target_connection_id: string;
  source_connector: string;
  target_connector: string;
}

export interface FlowKind {
  flow: string;
  description: string;
  directions: string[];
  settings_schema: JsonSchema;
}

export interface Flow {
  integration_id: string;
  flow: string;
  direction: string;
  is_active: boolean;
  settings: Record<string, unknown>;
}

export interface Run {
  id: string;
  integration_id: string;
  flow: string;
  state: string;
  entity_ref: string | null;
  source_entity_id: string;
  failed_step: string | null;
  failure_code: string | null;
  failure_reason: string | null;
  result: string | null;
  retry_count: number;
  created_at: string;
  finished_at: string | null;
}

export interface LogEntry {
  id: string;
  step: string;
  outcome: string;
  message: string | null;
  source_service: string;
  occurred_at: string;
  source_payload: unknown;
  sent_payload: unknown;
  response_payload: unknown;
}

export interface Page<T> {
  items: T[];
  next_cursor?: string | null;
}
