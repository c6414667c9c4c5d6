/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
  'query CaptchaChallenge {\n  captchaChallenge {\n    provider\n    challenge\n    siteKey\n  }\n}': typeof types.CaptchaChallengeDocument;
  'mutation ChangePassword($input: ChangePasswordInput!) {\n  changePassword(input: $input) {\n    user {\n      ...UserFields\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}': typeof types.ChangePasswordDocument;
  'query CodeChannels {\n  codeChannels\n}': typeof types.CodeChannelsDocument;
  'mutation CompleteSignIn($input: CompleteSignInInput!) {\n  completeSignIn(input: $input) {\n    user {\n      ...UserFields\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}': typeof types.CompleteSignInDocument;
  'mutation ConfirmPhoneChange($input: ConfirmPhoneChangeInput!) {\n  confirmPhoneChange(input: $input) {\n    user {\n      ...UserFields\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}': typeof types.ConfirmPhoneChangeDocument;
  'mutation ConfirmTwoStep($input: ConfirmTwoStepInput!) {\n  confirmTwoStep(input: $input) {\n    user {\n      ...UserFields\n    }\n    recoveryCodes\n    errors {\n      ...UserErrorFields\n    }\n  }\n}': typeof types.ConfirmTwoStepDocument;
  'mutation DeleteAccount($input: DeleteAccountInput!) {\n  deleteAccount(input: $input) {\n    deleted\n    errors {\n      ...UserErrorFields\n    }\n  }\n}': typeof types.DeleteAccountDocument;
  'mutation DisableTwoStep($input: DisableTwoStepInput!) {\n  disableTwoStep(input: $input) {\n    user {\n      ...UserFields\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}': typeof types.DisableTwoStepDocument;
  'mutation EnableTwoStep($input: EnableTwoStepInput!) {\n  enableTwoStep(input: $input) {\n    method\n    totp {\n      secret\n      uri\n    }\n    verification {\n      resendAvailableAt\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}': typeof types.EnableTwoStepDocument;
  'fragment UserFields on User {\n  id\n  name\n  email\n  phoneNumber\n  verified\n  twoStep\n}\n\nfragment UserErrorFields on UserError {\n  code\n  field\n  message\n  retryAfter\n}\n\nfragment VerificationStateFields on VerificationState {\n  attemptsLeft\n  resendAvailableAt\n}\n\nfragment TwoStepChallengeFields on TwoStepChallenge {\n  challenge\n  methods\n  expiresAt\n}': typeof types.UserFieldsFragmentDoc;
  'mutation Login($input: LoginInput!) {\n  login(input: $input) {\n    user {\n      ...UserFields\n    }\n    twoStep {\n      ...TwoStepChallengeFields\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}': typeof types.LoginDocument;
  'mutation LogoutEverywhere {\n  logoutEverywhere {\n    loggedOut\n    errors {\n      ...UserErrorFields\n    }\n  }\n}': typeof types.LogoutEverywhereDocument;
  'mutation Logout {\n  logout {\n    loggedOut\n    errors {\n      ...UserErrorFields\n    }\n  }\n}': typeof types.LogoutDocument;
  'query Me {\n  me {\n    ...UserFields\n  }\n}': typeof types.MeDocument;
  'mutation RegisterUser($input: RegisterUserInput!) {\n  registerUser(input: $input) {\n    user {\n      ...UserFields\n    }\n    verification {\n      ...VerificationStateFields\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}': typeof types.RegisterUserDocument;
  'mutation RequestPasswordReset($input: RequestPasswordResetInput!) {\n  requestPasswordReset(input: $input) {\n    verification {\n      resendAvailableAt\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}': typeof types.RequestPasswordResetDocument;
  'mutation RequestSignInCode($input: RequestSignInCodeInput!) {\n  requestSignInCode(input: $input) {\n    verification {\n      resendAvailableAt\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}': typeof types.RequestSignInCodeDocument;
  'mutation ResendCode($input: ResendCodeInput!) {\n  resendCode(input: $input) {\n    verification {\n      ...VerificationStateFields\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}': typeof types.ResendCodeDocument;
  'mutation ResetPassword($input: ResetPasswordInput!) {\n  resetPassword(input: $input) {\n    user {\n      ...UserFields\n    }\n    twoStep {\n      ...TwoStepChallengeFields\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}': typeof types.ResetPasswordDocument;
  'mutation RevokeSession($input: RevokeSessionInput!) {\n  revokeSession(input: $input) {\n    revoked\n    errors {\n      ...UserErrorFields\n    }\n  }\n}': typeof types.RevokeSessionDocument;
  'mutation SendTwoStepCode($input: SendTwoStepCodeInput!) {\n  sendTwoStepCode(input: $input) {\n    verification {\n      resendAvailableAt\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}': typeof types.SendTwoStepCodeDocument;
  'query Sessions {\n  sessions {\n    id\n    createdAt\n    lastUsedAt\n    userAgent\n    current\n    signedInWith\n    secondStep\n  }\n}': typeof types.SessionsDocument;
  'mutation SignInWithCode($input: SignInWithCodeInput!) {\n  signInWithCode(input: $input) {\n    user {\n      ...UserFields\n    }\n    twoStep {\n      ...TwoStepChallengeFields\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}': typeof types.SignInWithCodeDocument;
  'mutation StartPhoneChange($input: StartPhoneChangeInput!) {\n  startPhoneChange(input: $input) {\n    errors {\n      ...UserErrorFields\n    }\n  }\n}': typeof types.StartPhoneChangeDocument;
  'mutation VerifyUser($input: VerifyUserInput!) {\n  verifyUser(input: $input) {\n    user {\n      ...UserFields\n    }\n    verification {\n      ...VerificationStateFields\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}': typeof types.VerifyUserDocument;
};
const documents: Documents = {
  'query CaptchaChallenge {\n  captchaChallenge {\n    provider\n    challenge\n    siteKey\n  }\n}':
    types.CaptchaChallengeDocument,
  'mutation ChangePassword($input: ChangePasswordInput!) {\n  changePassword(input: $input) {\n    user {\n      ...UserFields\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}':
    types.ChangePasswordDocument,
  'query CodeChannels {\n  codeChannels\n}': types.CodeChannelsDocument,
  'mutation CompleteSignIn($input: CompleteSignInInput!) {\n  completeSignIn(input: $input) {\n    user {\n      ...UserFields\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}':
    types.CompleteSignInDocument,
  'mutation ConfirmPhoneChange($input: ConfirmPhoneChangeInput!) {\n  confirmPhoneChange(input: $input) {\n    user {\n      ...UserFields\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}':
    types.ConfirmPhoneChangeDocument,
  'mutation ConfirmTwoStep($input: ConfirmTwoStepInput!) {\n  confirmTwoStep(input: $input) {\n    user {\n      ...UserFields\n    }\n    recoveryCodes\n    errors {\n      ...UserErrorFields\n    }\n  }\n}':
    types.ConfirmTwoStepDocument,
  'mutation DeleteAccount($input: DeleteAccountInput!) {\n  deleteAccount(input: $input) {\n    deleted\n    errors {\n      ...UserErrorFields\n    }\n  }\n}':
    types.DeleteAccountDocument,
  'mutation DisableTwoStep($input: DisableTwoStepInput!) {\n  disableTwoStep(input: $input) {\n    user {\n      ...UserFields\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}':
    types.DisableTwoStepDocument,
  'mutation EnableTwoStep($input: EnableTwoStepInput!) {\n  enableTwoStep(input: $input) {\n    method\n    totp {\n      secret\n      uri\n    }\n    verification {\n      resendAvailableAt\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}':
    types.EnableTwoStepDocument,
  'fragment UserFields on User {\n  id\n  name\n  email\n  phoneNumber\n  verified\n  twoStep\n}\n\nfragment UserErrorFields on UserError {\n  code\n  field\n  message\n  retryAfter\n}\n\nfragment VerificationStateFields on VerificationState {\n  attemptsLeft\n  resendAvailableAt\n}\n\nfragment TwoStepChallengeFields on TwoStepChallenge {\n  challenge\n  methods\n  expiresAt\n}':
    types.UserFieldsFragmentDoc,
  'mutation Login($input: LoginInput!) {\n  login(input: $input) {\n    user {\n      ...UserFields\n    }\n    twoStep {\n      ...TwoStepChallengeFields\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}':
    types.LoginDocument,
  'mutation LogoutEverywhere {\n  logoutEverywhere {\n    loggedOut\n    errors {\n      ...UserErrorFields\n    }\n  }\n}':
    types.LogoutEverywhereDocument,
  'mutation Logout {\n  logout {\n    loggedOut\n    errors {\n      ...UserErrorFields\n    }\n  }\n}':
    types.LogoutDocument,
  'query Me {\n  me {\n    ...UserFields\n  }\n}': types.MeDocument,
  'mutation RegisterUser($input: RegisterUserInput!) {\n  registerUser(input: $input) {\n    user {\n      ...UserFields\n    }\n    verification {\n      ...VerificationStateFields\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}':
    types.RegisterUserDocument,
  'mutation RequestPasswordReset($input: RequestPasswordResetInput!) {\n  requestPasswordReset(input: $input) {\n    verification {\n      resendAvailableAt\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}':
    types.RequestPasswordResetDocument,
  'mutation RequestSignInCode($input: RequestSignInCodeInput!) {\n  requestSignInCode(input: $input) {\n    verification {\n      resendAvailableAt\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}':
    types.RequestSignInCodeDocument,
  'mutation ResendCode($input: ResendCodeInput!) {\n  resendCode(input: $input) {\n    verification {\n      ...VerificationStateFields\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}':
    types.ResendCodeDocument,
  'mutation ResetPassword($input: ResetPasswordInput!) {\n  resetPassword(input: $input) {\n    user {\n      ...UserFields\n    }\n    twoStep {\n      ...TwoStepChallengeFields\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}':
    types.ResetPasswordDocument,
  'mutation RevokeSession($input: RevokeSessionInput!) {\n  revokeSession(input: $input) {\n    revoked\n    errors {\n      ...UserErrorFields\n    }\n  }\n}':
    types.RevokeSessionDocument,
  'mutation SendTwoStepCode($input: SendTwoStepCodeInput!) {\n  sendTwoStepCode(input: $input) {\n    verification {\n      resendAvailableAt\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}':
    types.SendTwoStepCodeDocument,
  'query Sessions {\n  sessions {\n    id\n    createdAt\n    lastUsedAt\n    userAgent\n    current\n    signedInWith\n    secondStep\n  }\n}':
    types.SessionsDocument,
  'mutation SignInWithCode($input: SignInWithCodeInput!) {\n  signInWithCode(input: $input) {\n    user {\n      ...UserFields\n    }\n    twoStep {\n      ...TwoStepChallengeFields\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}':
    types.SignInWithCodeDocument,
  'mutation StartPhoneChange($input: StartPhoneChangeInput!) {\n  startPhoneChange(input: $input) {\n    errors {\n      ...UserErrorFields\n    }\n  }\n}':
    types.StartPhoneChangeDocument,
  'mutation VerifyUser($input: VerifyUserInput!) {\n  verifyUser(input: $input) {\n    user {\n      ...UserFields\n    }\n    verification {\n      ...VerificationStateFields\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}':
    types.VerifyUserDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: 'query CaptchaChallenge {\n  captchaChallenge {\n    provider\n    challenge\n    siteKey\n  }\n}',
): (typeof documents)['query CaptchaChallenge {\n  captchaChallenge {\n    provider\n    challenge\n    siteKey\n  }\n}'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: 'mutation ChangePassword($input: ChangePasswordInput!) {\n  changePassword(input: $input) {\n    user {\n      ...UserFields\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}',
): (typeof documents)['mutation ChangePassword($input: ChangePasswordInput!) {\n  changePassword(input: $input) {\n    user {\n      ...UserFields\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: 'query CodeChannels {\n  codeChannels\n}',
): (typeof documents)['query CodeChannels {\n  codeChannels\n}'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: 'mutation CompleteSignIn($input: CompleteSignInInput!) {\n  completeSignIn(input: $input) {\n    user {\n      ...UserFields\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}',
): (typeof documents)['mutation CompleteSignIn($input: CompleteSignInInput!) {\n  completeSignIn(input: $input) {\n    user {\n      ...UserFields\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: 'mutation ConfirmPhoneChange($input: ConfirmPhoneChangeInput!) {\n  confirmPhoneChange(input: $input) {\n    user {\n      ...UserFields\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}',
): (typeof documents)['mutation ConfirmPhoneChange($input: ConfirmPhoneChangeInput!) {\n  confirmPhoneChange(input: $input) {\n    user {\n      ...UserFields\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: 'mutation ConfirmTwoStep($input: ConfirmTwoStepInput!) {\n  confirmTwoStep(input: $input) {\n    user {\n      ...UserFields\n    }\n    recoveryCodes\n    errors {\n      ...UserErrorFields\n    }\n  }\n}',
): (typeof documents)['mutation ConfirmTwoStep($input: ConfirmTwoStepInput!) {\n  confirmTwoStep(input: $input) {\n    user {\n      ...UserFields\n    }\n    recoveryCodes\n    errors {\n      ...UserErrorFields\n    }\n  }\n}'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: 'mutation DeleteAccount($input: DeleteAccountInput!) {\n  deleteAccount(input: $input) {\n    deleted\n    errors {\n      ...UserErrorFields\n    }\n  }\n}',
): (typeof documents)['mutation DeleteAccount($input: DeleteAccountInput!) {\n  deleteAccount(input: $input) {\n    deleted\n    errors {\n      ...UserErrorFields\n    }\n  }\n}'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: 'mutation DisableTwoStep($input: DisableTwoStepInput!) {\n  disableTwoStep(input: $input) {\n    user {\n      ...UserFields\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}',
): (typeof documents)['mutation DisableTwoStep($input: DisableTwoStepInput!) {\n  disableTwoStep(input: $input) {\n    user {\n      ...UserFields\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: 'mutation EnableTwoStep($input: EnableTwoStepInput!) {\n  enableTwoStep(input: $input) {\n    method\n    totp {\n      secret\n      uri\n    }\n    verification {\n      resendAvailableAt\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}',
): (typeof documents)['mutation EnableTwoStep($input: EnableTwoStepInput!) {\n  enableTwoStep(input: $input) {\n    method\n    totp {\n      secret\n      uri\n    }\n    verification {\n      resendAvailableAt\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: 'fragment UserFields on User {\n  id\n  name\n  email\n  phoneNumber\n  verified\n  twoStep\n}\n\nfragment UserErrorFields on UserError {\n  code\n  field\n  message\n  retryAfter\n}\n\nfragment VerificationStateFields on VerificationState {\n  attemptsLeft\n  resendAvailableAt\n}\n\nfragment TwoStepChallengeFields on TwoStepChallenge {\n  challenge\n  methods\n  expiresAt\n}',
): (typeof documents)['fragment UserFields on User {\n  id\n  name\n  email\n  phoneNumber\n  verified\n  twoStep\n}\n\nfragment UserErrorFields on UserError {\n  code\n  field\n  message\n  retryAfter\n}\n\nfragment VerificationStateFields on VerificationState {\n  attemptsLeft\n  resendAvailableAt\n}\n\nfragment TwoStepChallengeFields on TwoStepChallenge {\n  challenge\n  methods\n  expiresAt\n}'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: 'mutation Login($input: LoginInput!) {\n  login(input: $input) {\n    user {\n      ...UserFields\n    }\n    twoStep {\n      ...TwoStepChallengeFields\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}',
): (typeof documents)['mutation Login($input: LoginInput!) {\n  login(input: $input) {\n    user {\n      ...UserFields\n    }\n    twoStep {\n      ...TwoStepChallengeFields\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: 'mutation LogoutEverywhere {\n  logoutEverywhere {\n    loggedOut\n    errors {\n      ...UserErrorFields\n    }\n  }\n}',
): (typeof documents)['mutation LogoutEverywhere {\n  logoutEverywhere {\n    loggedOut\n    errors {\n      ...UserErrorFields\n    }\n  }\n}'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: 'mutation Logout {\n  logout {\n    loggedOut\n    errors {\n      ...UserErrorFields\n    }\n  }\n}',
): (typeof documents)['mutation Logout {\n  logout {\n    loggedOut\n    errors {\n      ...UserErrorFields\n    }\n  }\n}'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: 'query Me {\n  me {\n    ...UserFields\n  }\n}',
): (typeof documents)['query Me {\n  me {\n    ...UserFields\n  }\n}'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: 'mutation RegisterUser($input: RegisterUserInput!) {\n  registerUser(input: $input) {\n    user {\n      ...UserFields\n    }\n    verification {\n      ...VerificationStateFields\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}',
): (typeof documents)['mutation RegisterUser($input: RegisterUserInput!) {\n  registerUser(input: $input) {\n    user {\n      ...UserFields\n    }\n    verification {\n      ...VerificationStateFields\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: 'mutation RequestPasswordReset($input: RequestPasswordResetInput!) {\n  requestPasswordReset(input: $input) {\n    verification {\n      resendAvailableAt\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}',
): (typeof documents)['mutation RequestPasswordReset($input: RequestPasswordResetInput!) {\n  requestPasswordReset(input: $input) {\n    verification {\n      resendAvailableAt\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: 'mutation RequestSignInCode($input: RequestSignInCodeInput!) {\n  requestSignInCode(input: $input) {\n    verification {\n      resendAvailableAt\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}',
): (typeof documents)['mutation RequestSignInCode($input: RequestSignInCodeInput!) {\n  requestSignInCode(input: $input) {\n    verification {\n      resendAvailableAt\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: 'mutation ResendCode($input: ResendCodeInput!) {\n  resendCode(input: $input) {\n    verification {\n      ...VerificationStateFields\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}',
): (typeof documents)['mutation ResendCode($input: ResendCodeInput!) {\n  resendCode(input: $input) {\n    verification {\n      ...VerificationStateFields\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: 'mutation ResetPassword($input: ResetPasswordInput!) {\n  resetPassword(input: $input) {\n    user {\n      ...UserFields\n    }\n    twoStep {\n      ...TwoStepChallengeFields\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}',
): (typeof documents)['mutation ResetPassword($input: ResetPasswordInput!) {\n  resetPassword(input: $input) {\n    user {\n      ...UserFields\n    }\n    twoStep {\n      ...TwoStepChallengeFields\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: 'mutation RevokeSession($input: RevokeSessionInput!) {\n  revokeSession(input: $input) {\n    revoked\n    errors {\n      ...UserErrorFields\n    }\n  }\n}',
): (typeof documents)['mutation RevokeSession($input: RevokeSessionInput!) {\n  revokeSession(input: $input) {\n    revoked\n    errors {\n      ...UserErrorFields\n    }\n  }\n}'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: 'mutation SendTwoStepCode($input: SendTwoStepCodeInput!) {\n  sendTwoStepCode(input: $input) {\n    verification {\n      resendAvailableAt\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}',
): (typeof documents)['mutation SendTwoStepCode($input: SendTwoStepCodeInput!) {\n  sendTwoStepCode(input: $input) {\n    verification {\n      resendAvailableAt\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: 'query Sessions {\n  sessions {\n    id\n    createdAt\n    lastUsedAt\n    userAgent\n    current\n    signedInWith\n    secondStep\n  }\n}',
): (typeof documents)['query Sessions {\n  sessions {\n    id\n    createdAt\n    lastUsedAt\n    userAgent\n    current\n    signedInWith\n    secondStep\n  }\n}'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: 'mutation SignInWithCode($input: SignInWithCodeInput!) {\n  signInWithCode(input: $input) {\n    user {\n      ...UserFields\n    }\n    twoStep {\n      ...TwoStepChallengeFields\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}',
): (typeof documents)['mutation SignInWithCode($input: SignInWithCodeInput!) {\n  signInWithCode(input: $input) {\n    user {\n      ...UserFields\n    }\n    twoStep {\n      ...TwoStepChallengeFields\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: 'mutation StartPhoneChange($input: StartPhoneChangeInput!) {\n  startPhoneChange(input: $input) {\n    errors {\n      ...UserErrorFields\n    }\n  }\n}',
): (typeof documents)['mutation StartPhoneChange($input: StartPhoneChangeInput!) {\n  startPhoneChange(input: $input) {\n    errors {\n      ...UserErrorFields\n    }\n  }\n}'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: 'mutation VerifyUser($input: VerifyUserInput!) {\n  verifyUser(input: $input) {\n    user {\n      ...UserFields\n    }\n    verification {\n      ...VerificationStateFields\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}',
): (typeof documents)['mutation VerifyUser($input: VerifyUserInput!) {\n  verifyUser(input: $input) {\n    user {\n      ...UserFields\n    }\n    verification {\n      ...VerificationStateFields\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n}'];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> =
  TDocumentNode extends DocumentNode<infer TType, any> ? TType : never;
