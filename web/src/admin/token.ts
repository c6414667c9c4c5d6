/** The admin token lives in this tab's sessionStorage only: gone when the tab closes, never in a cookie. */
const KEY = 'admin-token';

export const readToken = (): string | undefined => sessionStorage.getItem(KEY) ?? undefined;
export const saveToken = (token: string): void => sessionStorage.setItem(KEY, token);
export const forgetToken = (): void => sessionStorage.removeItem(KEY);

export const TOKEN_REFUSED = 'The admin token was refused. Paste the current ADMIN_TOKEN again.';
