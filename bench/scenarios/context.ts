import type { Child } from '../children';
import type { Seeded } from '../seed';
import type { Settings } from '../settings';
import type { Row } from '../table';

/** What every scenario gets from run.ts. */
export interface ScenarioContext {
  settings: Settings;
  seeded: Seeded;
  log: (line: string) => void;
}

/** The rows for the table, and everything measured for the JSON. */
export interface ScenarioResult {
  rows: Row[];
  json: Record<string, unknown>;
  /** Lines printed under the table. */
  notes?: string[];
}

/** Apollo's standalone server and node:http answer on any path; the project only on /graphql. */
export function urlOf(server: Child, path = '/graphql'): string {
  return `http://127.0.0.1:${server.port}${path}`;
}
