import { execute } from '../../src/db/dialect';
import type { Db } from '../../src/db/handles';

/**
 * Makes the database refuse every insert into `table` until the answered function is called, as a
 * full disk or a broken constraint would: a trigger, written in each dialect's own way.
 */
export async function refuseInserts(db: Db, table: string): Promise<() => Promise<void>> {
  const trigger = `refuse_${table}`;
  if (db.dialect.name === 'sqlite') {
    await execute(
      db,
      `create temp trigger ${trigger} before insert on ${table} begin select raise(abort, 'refused'); end`,
      [],
      'run',
    );
    return () => execute(db, `drop trigger ${trigger}`, [], 'run').then(() => undefined);
  }
  await execute(
    db,
    `create or replace function ${trigger}() returns trigger language plpgsql as $$ begin raise exception 'refused'; end $$`,
    [],
    'run',
  );
  await execute(
    db,
    `create trigger ${trigger} before insert on ${table} for each row execute function ${trigger}()`,
    [],
    'run',
  );
  return async () => {
    await execute(db, `drop trigger ${trigger} on ${table}`, [], 'run');
    await execute(db, `drop function ${trigger}()`, [], 'run');
  };
}
