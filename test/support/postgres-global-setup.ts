import type { TestProject } from 'vitest/node' with { 'resolution-mode': 'import' };
import { startPostgresCluster } from './postgres-cluster';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL server the suite may create databases on (a superuser's URL). */
    postgresUrl: string;
    /** That server's log file, when the suite started the server itself; '' with TEST_POSTGRES_URL. */
    postgresLog: string;
  }
}

/** One PostgreSQL server for the whole suite: TEST_POSTGRES_URL's, or a throwaway cluster. */
export default async function setup(project: TestProject) {
  if (process.env.TEST_POSTGRES_URL) {
    project.provide('postgresUrl', process.env.TEST_POSTGRES_URL);
    project.provide('postgresLog', '');
    return;
  }
  const cluster = await startPostgresCluster();
  project.provide('postgresUrl', cluster.url());
  project.provide('postgresLog', cluster.logFile);
  return () => cluster.close();
}
