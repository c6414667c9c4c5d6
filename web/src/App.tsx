import { useEffect } from 'react';
import { PageNotice } from './components/PageNotice';
import { lazyComponent } from './lazy-component';
import { SignInPage } from './pages/SignInPage';
import { SignUpPage } from './pages/SignUpPage';
import { VerifyPage } from './pages/VerifyPage';
import { PAGES, type PagePath } from '../../src/http/web-pages';
import { Link, Redirect, useRouter } from './router';
import { useSession } from './session';

// Fetched when first shown: signing up and in come with the first load, the rest when asked for.
const AccountPage = lazyComponent(() => import('./pages/AccountPage').then((module) => module.AccountPage));
const ForgotPasswordPage = lazyComponent(() =>
  import('./pages/ForgotPasswordPage').then((module) => module.ForgotPasswordPage),
);
const SecondStepPage = lazyComponent(() => import('./pages/SecondStepPage').then((module) => module.SecondStepPage));

const TITLES: Record<PagePath, string> = {
  [PAGES.signUp]: 'Sign up',
  [PAGES.verify]: 'Verify your phone',
  [PAGES.account]: 'Your account',
  [PAGES.signIn]: 'Sign in',
  [PAGES.secondStep]: 'Two-step sign-in',
  [PAGES.forgotPassword]: 'Reset your password',
};

export function App() {
  const { path } = useRouter();
  const { state } = useSession();
  const signedIn = state.status === 'ready' && state.user !== null;
  const title = TITLES[path as PagePath] ?? 'Not found';
  useEffect(() => {
    document.title = `${title} · Account verification`;
  }, [title]);

  return (
    <>
      <header className="top">
        <span className="brand">Account verification</span>
        <nav aria-label="Main">
          {signedIn ? (
            <Link to={PAGES.account}>Account</Link>
          ) : (
            <>
              <Link to={PAGES.signUp}>Sign up</Link>
              <Link to={PAGES.signIn}>Sign in</Link>
            </>
          )}
        </nav>
      </header>
      <main className="card">
        <PageNotice />
        {signedIn && (path === PAGES.signUp || path === PAGES.signIn || path === PAGES.secondStep) ? (
          <Redirect to={PAGES.account} />
        ) : (
          <Page path={path} />
        )}
      </main>
    </>
  );
}

function Page({ path }: { path: string }) {
  switch (path) {
    case PAGES.signUp:
      return <SignUpPage />;
    case PAGES.verify:
      return <VerifyPage />;
    case PAGES.account:
      return <AccountPage />;
    case PAGES.signIn:
      return <SignInPage />;
    case PAGES.secondStep:
      return <SecondStepPage />;
    case PAGES.forgotPassword:
      return <ForgotPasswordPage />;
    default:
      return (
        <>
          <h1>Page not found</h1>
          <p className="lead">
            <Link to={PAGES.signUp}>Go to the sign-up page</Link>
          </p>
        </>
      );
  }
}
