import { z } from 'zod';

/*
 * The environment is one flat list of settings; the config is a tree. These build the tree from
 * the list in one parse, so that every problem is reported at once and an issue's innermost key
 * is always the setting it is about.
 */

/** An object whose every field reads the whole environment: a field may need several settings. */
export const parts = <Shape extends z.ZodRawShape>(shape: Shape) =>
  z.preprocess(
    (env: Record<string, unknown>) => Object.fromEntries(Object.keys(shape).map((field) => [field, env])),
    z.object(shape),
  );

/** One setting's value. */
export const setting = <Name extends string, T extends z.ZodType>(name: Name, schema: T) =>
  z.object({ [name]: schema } as Record<Name, T>).transform((env) => (env as Record<Name, z.output<T>>)[name]);

/** A setting that a choice (`why`: "with SMS_TRANSPORT=twilio") cannot do without. */
export const required = <T extends z.ZodType>(schema: T, why: string) =>
  z.custom((value) => value !== undefined, `required ${why}`).pipe(schema);

type Choice<Members extends Record<string, z.ZodRawShape>> = {
  [Kind in keyof Members & string]: { kind: Kind } & z.output<z.ZodObject<Members[Kind]>>;
}[keyof Members & string];

/**
 * `key` picks one of `members` (`fallback` when unset), which reads the settings it needs and no
 * others: `{ kind, ...its fields }`, a member of a discriminated union.
 */
export function choices<Members extends Record<string, z.ZodRawShape>>(
  key: string,
  fallback: keyof Members & string,
  members: Members,
): z.ZodType<Choice<Members>> {
  const kinds = Object.keys(members);
  const options = kinds.map((kind) => {
    const selector = kind === fallback ? z.literal(kind).default(kind) : z.literal(kind);
    return z
      .looseObject({ [key]: selector } as Record<string, z.ZodType>)
      .pipe(parts(members[kind]))
      .transform((fields) => ({ kind, ...fields }));
  });
  const names = `${kinds.slice(0, -1).join(', ')} or ${kinds.at(-1)}`;
  return z.discriminatedUnion(key, options as [(typeof options)[number]], {
    error: (issue) => (issue.code === 'invalid_union' ? `must be ${names}` : undefined),
  }) as unknown as z.ZodType<Choice<Members>>;
}
