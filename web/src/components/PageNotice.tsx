import { useRouter } from '../router';

/** What the previous page left to be said on this one, such as "Your account was deleted." */
export function PageNotice() {
  const { notice } = useRouter();
  if (!notice) return null;
  return (
    <p role="status" className="success page-notice">
      {notice}
    </p>
  );
}
