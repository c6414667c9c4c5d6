/** The web app's pages. The API server answers each with index.html, so a reload lands on the same page. */
export const PAGES = {
  signUp: '/',
  verify: '/verify',
  account: '/account',
  signIn: '/sign-in',
  forgotPassword: '/forgot-password',
} as const;

export type PagePath = (typeof PAGES)[keyof typeof PAGES];
