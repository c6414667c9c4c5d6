import { Client, type ClientConfig } from 'pg';
import type { Logger } from '../shared/logger';

/** Keys of the advisory locks this app takes: one number per purpose, the same in every instance. */
export const LOCK_KEYS = { migrations: 7_201_001, housekeeping: 7_201_002 } as const;

/**
 * Runs `work` while this process holds a session-level advisory lock, on a connection of its own:
 * the migrator uses pool connections of its own, and creates its table before any transaction.
 */
export async function withAdvisoryLock<T>(connection: ClientConfig, key: number, work: () => Promise<T>): Promise<T> {
  const client = new Client(connection);
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [key]);
    return await work();
  } finally {
    // Ending the session releases the lock as well; unlocking first lets a waiter go at once.
    await client.query('select pg_advisory_unlock($1)', [key]).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}

/** SQLSTATEs of a CREATE DATABASE that lost a race: another instance created it first. */
const ALREADY_CREATED = new Set(['42P04', '23505']);
const NO_SUCH_DATABASE = '3D000';

const codeOf = (error: unknown) => (error as { code?: string }).code ?? '';

/**
 * Creates the URL's database when the server answers that it has none of that name, connected to
 * the server's `postgres` database as the same user; returns whether it did. Only then: a user
 * allowed into its own database alone is not sent elsewhere, and a server that is down is left to
 * the pool to report. A user who may not create databases gets PostgreSQL's refusal; instances
 * started together each either create it or find it there.
 */
export async function ensureDatabase(connection: ClientConfig): Promise<boolean> {
  const probe = new Client(connection);
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return false;
  } catch (error) {
    if (codeOf(error) !== NO_SUCH_DATABASE || !connection.database) return false;
  } finally {
    await probe.end().catch(() => undefined);
  }
  const admin = new Client({ ...connection, database: 'postgres' });
  admin.on('error', () => undefined);
  await admin.connect();
  try {
    await admin.query(`create database "${connection.database.replaceAll('"', '""')}"`);
    return true;
  } catch (error) {
    if (ALREADY_CREATED.has(codeOf(error))) return false;
    throw error;
  } finally {
    await admin.end().catch(() => undefined);
  }
}

export interface ListenerHandlers {
  message(payload: string): void;
  /** The connection dropped: until reconnected(), notifications are missed. */
  lost(): void;
  reconnected(): void;
}

const RETRY_FIRST_MS = 100;
// Short: while the connection is down, what it would have told goes unheard.
const RETRY_MAX_MS = 1_000;

/** LISTENs on one channel over a connection of its own, and connects again whenever it is lost. */
export class PostgresListener {
  private client?: Client;
  private retryMs = RETRY_FIRST_MS;
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly connection: ClientConfig,
    /** An identifier chosen in code, never from input: LISTEN takes no parameters. */
    private readonly channel: string,
    private readonly handlers: ListenerHandlers,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    await this.connect(false);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(reconnecting: boolean): Promise<void> {
    // keepAlive: a connection cut without a word (a NAT timeout, a failover) is noticed, not left half open.
    const client = new Client({ ...this.connection, keepAlive: true });
    client.on('notification', ({ channel, payload }) => {
      if (channel === this.channel && payload) this.handlers.message(payload);
    });
    client.on('error', (error) => {
      if (client === this.client)
        this.log.warn({ err: error, channel: this.channel }, 'notification connection lost; connecting again');
      this.lost(client);
    });
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`listen ${this.channel}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.stopped) return void (await client.end().catch(() => undefined));
    this.client = client;
    this.retryMs = RETRY_FIRST_MS;
    if (reconnecting) this.handlers.reconnected();
  }

  private lost(client: Client): void {
    if (client !== this.client || this.stopped) return;
    this.client = undefined;
    this.handlers.lost();
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    this.timer = setTimeout(() => {
      this.connect(true).catch(() => {
        this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
        if (!this.stopped) this.scheduleReconnect();
      });
    }, this.retryMs);
    this.timer.unref();
  }
}
