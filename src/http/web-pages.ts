/** The web app's pages. The API server answers each with index.html, so a reload lands on the same page. */
export const PAGES = {
  signUp: '/',
  verify: '/verify',
  account: '/account',
  signIn: '/sign-in',
  /** The second step of a sign-in, while its challenge lives in the tab's memory. */
  secondStep: '/sign-in/second-step',
  forgotPassword: '/forgot-password',
} as const;

export type PagePath = (typeof PAGES)[keyof typeof PAGES];
