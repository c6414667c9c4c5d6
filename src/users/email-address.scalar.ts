import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { isPlausibleEmail, normalizeEmail } from './email';

const valid = (value: unknown): string => {
  if (typeof value === 'string' && isPlausibleEmail(normalizeEmail(value))) return value;
  throw new GraphQLError('Value is not a valid email address.');
};

/**
 * The contract's `EmailAddress`, widened to RFC 6531: graphql-scalars' scalar of that name takes
 * only ASCII (HTML's rule), so it would fail to serialise an account's `üser@…`. Domains come out
 * in their ASCII (IDNA) form, as stored.
 */
export const EmailAddressScalar = new GraphQLScalarType({
  name: 'EmailAddress',
  description:
    'An email address (RFC 6531): the local part may hold letters of any language (NFC, lower case as stored); the domain is in its ASCII (IDNA) form, e.g. üser@xn--exmple-cua.com.',
  specifiedByURL: 'https://www.rfc-editor.org/rfc/rfc6531',
  serialize: valid,
  parseValue: valid,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('An email address is a string.');
    return valid(ast.value);
  },
});
