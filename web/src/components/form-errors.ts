import type { UserErrorCode, UserErrorFieldsFragment } from '../graphql/generated/graphql';
import { messageFor } from '../messages';

export interface SortedErrors {
  /** Messages for the fields this form shows, each beside its field. */
  byField: Partial<Record<string, string>>;
  /** Everything else, shown above the form. */
  general: string[];
}

/**
 * Every error at once, as the tutorial's form showed them: beside its field when the form has that
 * field. Errors of the `serverWords` codes show the server's message, where it knows more than the
 * code says (which kind of code it wanted, the tries left).
 */
export function sortErrors(
  errors: readonly UserErrorFieldsFragment[],
  fields: readonly string[],
  serverWords: readonly UserErrorCode[] = [],
): SortedErrors {
  const byField: Partial<Record<string, string>> = {};
  const general: string[] = [];
  for (const error of errors) {
    const message = serverWords.includes(error.code) ? error.message : messageFor(error);
    if (error.field && fields.includes(error.field))
      byField[error.field] = byField[error.field] ? `${byField[error.field]} ${message}` : message;
    else general.push(message);
  }
  return { byField, general };
}

export const NO_ERRORS: SortedErrors = { byField: {}, general: [] };

/** The same errors without the one beside `field`; the same object when it had none. */
export function withoutField(errors: SortedErrors, field: string): SortedErrors {
  if (!field || errors.byField[field] === undefined) return errors;
  const byField = { ...errors.byField };
  delete byField[field];
  return { byField, general: errors.general };
}
