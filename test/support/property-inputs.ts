import fc from 'fast-check';

/** Hostile and unusual values for the string inputs of the API, shared by the property tests. */

const WHITESPACE = [
  ' ',
  '\t',
  '\n',
  '\r',
  '\v',
  '\f',
  '\u00a0',
  '\u0085',
  '\u1680',
  '\u2000',
  '\u2028',
  '\u2029',
  '\u202f',
  '\u3000',
  '\ufeff',
  '\u200b',
  '\u180e',
];

/** Only whitespace, ASCII and Unicode (some of which String.prototype.trim removes, some not). */
export const whitespace = fc.string({ unit: fc.constantFrom(...WHITESPACE), maxLength: 12 });

/** A lone UTF-16 surrogate: representable in a JS string and in JSON (`\ud800`), not in UTF-8. */
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit));

/** Strings of any Unicode: code points of the whole range, graphemes, control characters, lone surrogates. */
export const anyUnicode = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary-ascii', maxLength: 40 }),
  fc.string({
    unit: fc.oneof(loneSurrogate, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })),
    maxLength: 20,
  }),
);

/** 256 to 20,000 UTF-16 units, a short random pattern repeated (which keeps shrinking cheap). */
export const veryLong = fc
  .tuple(fc.string({ unit: 'binary', minLength: 1, maxLength: 4 }), fc.integer({ min: 256, max: 20_000 }))
  .map(([pattern, length]) => pattern.repeat(Math.ceil(length / pattern.length)).slice(0, length));

export const numberAsString = fc.oneof(
  fc.integer().map(String),
  fc.double().map(String),
  fc.bigInt().map(String),
  fc.constantFrom(
    '0',
    '-0',
    '00',
    '1e309',
    '-1e309',
    'NaN',
    'Infinity',
    '0x1F',
    '0b101',
    '1_000',
    '٣',
    '１２３',
    '123456',
    '000000',
    '9'.repeat(40),
  ),
);

export const SEED_PHONE = '+14155552671';

/** Ways of writing (or almost writing) a phone number. */
export const phoneLookalike = fc.oneof(
  fc.constantFrom(
    SEED_PHONE,
    '+1 (415) 555-2671',
    '+1-415-555-2671',
    '1 415 555 2671',
    '415 555 2671',
    '4155552671',
    '0014155552671',
    '+1415555267',
    '+141555526711',
    '+14155552671 ext. 12',
    '+1 415 555 2671;ext=1',
    'tel:+1-415-555-2671',
    '＋１４１５５５５２６７１',
    '+١٤١٥٥٥٥٢٦٧١',
    '+۱۴۱۵۵۵۵۲۶۷۱',
    '+1-800-FLOWERS',
    '++14155552671',
    '+0 415 555 2671',
    '+999 1234567',
    '+447400123456',
    '07400 123456',
    '+44 (0) 7400 123456',
    '+',
    '+1',
    '\u202e+14155552671',
    '+1\u00a0415\u00a0555\u00a02671',
    '+1\u2011415\u2011555\u20112671',
  ),
  fc.stringMatching(/^\+?[0-9 ()\-.]{1,25}$/),
  fc
    .tuple(fc.constantFrom('+1415555', '+447400', '+3361234', '+8190123'), fc.stringMatching(/^\d{1,8}$/))
    .map(([prefix, rest]) => prefix + rest),
);

/** Calling codes and garbage in their place. */
export const countryCodeGarbage = fc.oneof(
  fc.constantFrom(
    '1',
    '+1',
    '44',
    '+44',
    ' 1 ',
    '+',
    '++1',
    '1+',
    '-1',
    '1.0',
    '１',
    '٤٤',
    '001',
    '1234',
    'US',
    'us',
    'GB',
    '+4 4',
    '\u00a01\u00a0',
  ),
  anyUnicode,
  whitespace,
  numberAsString,
);

/** Calling-code-shaped strings, every one of which passes registration's `/^\+?\d{1,3}$/` shape check. */
export const callingCodeShaped = fc
  .tuple(
    fc.constantFrom('', ' ', '\t'),
    fc.constantFrom('', '+'),
    fc.stringMatching(/^\d{1,3}$/),
    fc.constantFrom('', ' '),
  )
  .map(([left, plus, digits, right]) => `${left}${plus}${digits}${right}`);

/** The registration rule's own shape check: such codes are kept out of `countryCodeGarbage`'s filtered use. */
export const isCallingCodeShaped = (value: string) => /^\+?\d{1,3}$/.test(value.trim());

const HOMOGLYPHS: Record<string, string[]> = {
  a: ['\u0430', '\u00e1', 'A', '\uff41'],
  e: ['\u0435', '\u00e9', 'E'],
  o: ['\u043e', '0', 'O', '\u03bf'],
  k: ['\u212a', 'K'],
  i: ['\u0130', '\u0131', 'I'],
  s: ['\u017f', 'S'],
  '@': ['\uff20', '@@', ' @ ', '\ufe6b'],
  '.': ['\u3002', '..', '\uff0e', ''],
};

/** Variations on a known email: case, padding, homoglyphs, tags, dots, fullwidth and dotless forms. */
export function emailLookalike(email: string): fc.Arbitrary<string> {
  const swapped = fc.tuple(fc.nat(), fc.nat()).map(([at, pick]) => {
    const positions = [...email].map((ch, index) => [ch, index] as const).filter(([ch]) => HOMOGLYPHS[ch]);
    if (positions.length === 0) return email;
    const [ch, index] = positions[at % positions.length];
    const options = HOMOGLYPHS[ch];
    return email.slice(0, index) + options[pick % options.length] + email.slice(index + 1);
  });
  const [local, domain] = email.split('@');
  return fc.oneof(
    fc.constant(email),
    fc.constant(email.toUpperCase()),
    fc.mixedCase(fc.constant(email)),
    fc.tuple(whitespace, whitespace).map(([left, right]) => left + email + right),
    swapped,
    fc.constantFrom(
      `${local}+tag@${domain}`,
      `${local}.@${domain}`,
      `${email}.`,
      `${local}@${domain}.`,
      `"${local}"@${domain}`,
      `${local}@[127.0.0.1]`,
      `${email}\u0000`,
      `${email}\u200b`,
      `${local}@${domain}@${domain}`,
      `${local}`,
      `@${domain}`,
      `mailto:${email}`,
    ),
  );
}

/** Plausible, well-formed signups with fresh-looking emails and phones, so that some are accepted. */
export const plausiblePerson = fc
  .record({
    name: fc.constantFrom(
      'Ada Lovelace',
      'Grace Hopper',
      '  Alan Turing  ',
      'Zoë Ångström',
      '李小龍',
      'Émilie du Châtelet',
    ),
    email: fc
      .tuple(
        fc.stringMatching(/^[a-z0-9][a-z0-9._+-]{2,14}$/),
        fc.constantFrom('example.com', 'example.org', 'mail.example.co.uk'),
      )
      .map(([local, domain]) => `${local}@${domain}`),
    password: fc.constantFrom('correct horse battery', 'pässwörd-ÿ-1234', '        ', '12345678'),
    countryCode: fc.constantFrom<string | null | undefined>(undefined, null, '', '1', '+1', ' 1 '),
    national: fc.stringMatching(/^\d{4}$/).map((last4) => `415555${last4}`),
  })
  .map(({ national, ...person }) =>
    person.countryCode?.trim() ? { ...person, phoneNumber: national } : { ...person, phoneNumber: `+1${national}` },
  );
