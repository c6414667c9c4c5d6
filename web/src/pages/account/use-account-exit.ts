import { useCallback } from 'react';
import type { UserErrorFieldsFragment } from '../../graphql/generated/graphql';
import { messageFor } from '../../messages';
import { PAGES, type PagePath } from '../../../../src/http/web-pages';
import { useRouter } from '../../router';
import { useSession } from '../../session';

/** Leaving the account page signed out: by choice, after deletion, or because the session ended elsewhere. */
export function useAccountExit() {
  const { navigate } = useRouter();
  const { signedOut } = useSession();
  const leave = useCallback(
    (to: PagePath, notice?: string) => {
      signedOut();
      navigate(to, notice);
    },
    [navigate, signedOut],
  );
  /** A session revoked from another device answers NOT_SIGNED_IN: then go to sign in, saying why. */
  const leftIfSignedOut = useCallback(
    (errors: readonly UserErrorFieldsFragment[]) => {
      const signedOutError = errors.find((error) => error.code === 'NOT_SIGNED_IN');
      if (signedOutError) leave(PAGES.signIn, messageFor(signedOutError));
      return signedOutError !== undefined;
    },
    [leave],
  );
  return { leave, leftIfSignedOut };
}
