import { execFile } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const BIN = process.env.POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

/** A throwaway PostgreSQL server from the machine's binaries: a data directory in /tmp, a free port, no durability. */
export interface PostgresCluster {
  /** The superuser's URL for a database named `database`. */
  url(database?: string): string;
  /** Stops the server ("fast": connections are cut, as in a crash of the clients' view) and starts it again on the same port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
  /** The server's own log: what PostgreSQL writes of failed statements lands here. */
  logFile: string;
}

/**
 * initdb and postgres refuse to run as root, so as root they run as the `postgres` system user,
 * which owns the data directory. Starts in about two seconds.
 */
export async function startPostgresCluster(): Promise<PostgresCluster> {
  if (!existsSync(join(BIN, 'initdb'))) {
    throw new Error(
      `PostgreSQL binaries not found in ${BIN}: install PostgreSQL 15 (apt-get install postgresql) or set TEST_POSTGRES_URL`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'avg-pg-'));
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    const { uid, gid } = await postgresUser();
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  const run = (command: string, args: string[]) =>
    (asRoot ? ['runuser', ['-u', 'postgres', '--', join(BIN, command), ...args]] : [join(BIN, command), args]) as [
      string,
      string[],
    ];
  const data = join(dir, 'data');
  await promisify(execFile)(
    ...run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--no-instructions']),
  );
  const port = await freePort();
  const settings = [
    '-c',
    'fsync=off',
    '-c',
    'synchronous_commit=off',
    '-c',
    'full_page_writes=off',
    '-c',
    'max_connections=400',
    '-c',
    'listen_addresses=127.0.0.1',
    '-k',
    dir,
    '-p',
    String(port),
  ];

  const logFile = join(dir, 'server.log');
  const pgCtl = (args: string[]) => promisify(execFile)(...run('pg_ctl', ['-D', data, ...args]));
  const start = async () => {
    await pgCtl(['start', '-w', '-l', logFile, '-o', settings.join(' ')]);
    await waitUntilAccepting(`postgres://postgres@127.0.0.1:${port}/postgres`);
  };
  // "fast" ends every client connection at once, as a crash or a failover would for the clients.
  const stop = () => pgCtl(['stop', '-w', '-m', 'fast']).then(() => undefined);
  await start();
  return {
    logFile,
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    start,
    stop,
    async restart() {
      await stop();
      await start();
    },
    async close() {
      await stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const { stdout } = await promisify(execFile)('id', ['postgres']);
  const uid = Number(/uid=(\d+)/.exec(stdout)?.[1]);
  const gid = Number(/gid=(\d+)/.exec(stdout)?.[1]);
  if (!Number.isInteger(uid)) throw new Error('no postgres system user: PostgreSQL is not installed');
  return { uid, gid };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function waitUntilAccepting(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new Client({ connectionString: url });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** Creates an empty database on a server and answers its URL, with a way to drop it again. */
export async function createDatabase(serverUrl: string, name: string): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = async (sql: string) => {
    const client = new Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists "${name}" with (force)`) };
}
