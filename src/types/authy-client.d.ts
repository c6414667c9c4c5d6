/** The part of authy-client 1.1.4 this project uses; the package ships no types. */
declare module 'authy-client' {
  /** What Authy answers; `success` is sometimes the string "true". */
  export interface AuthyResponseBody {
    message?: string;
    success?: boolean | string;
    /** A string such as "60020" on errors. */
    error_code?: string;
    errors?: Record<string, string>;
    [field: string]: unknown;
  }

  export class Client {
    /** `host` defaults to https://api.authy.com (no trailing slash); `timeout` is in ms, default 5000, 0 means none. */
    constructor(credentials: { key: string }, options?: { host?: string; timeout?: number });

    /** `countryCode` is an ISO 3166 code ("US") or a calling code ("1"); the phone is validated before sending. */
    registerUser(user: { countryCode: string; email: string; phone: string }): Promise<{
      message: string;
      success: boolean | string;
      user: { id: number };
    }>;

    /** The client's own `request` instance, based at {host}/protected/json/, with the API key header. */
    rpc: { getAsync(options: { qs: Record<string, unknown>; uri: string }): Promise<[unknown, unknown]> };

    /** Without `force`, Authy skips the SMS for users of its app and answers `ignored: true`. */
    requestSms(
      user: { authyId: number | string },
      options?: { force?: boolean; action?: string; message?: string },
    ): Promise<{
      success: boolean | string;
      message: string;
      cellphone: string;
      ignored?: boolean;
      device?: string | null;
    }>;

    /** GET call/{id}: a call speaks the token; without `force`, Authy skips it for users of its app. */
    requestCall(
      user: { authyId: number | string },
      options?: { force?: boolean; action?: string; message?: string },
    ): Promise<{
      success: boolean | string;
      message: string;
      cellphone: string;
      ignored?: boolean;
      device?: string | null;
    }>;

    /** POST users/{id}/remove: Authy answers "User was added to remove." */
    deleteUser(
      user: { authyId: number | string },
      options?: { ip?: string },
    ): Promise<{ message: string; success: boolean | string }>;

    /** The token must be 6 to 8 digits or the call fails before sending. */
    verifyToken(
      request: { authyId: number | string; token: string },
      options?: { force?: boolean },
    ): Promise<{ success: boolean | string; message: string; token: string }>;
  }

  export namespace errors {
    class StandardError extends Error {}

    /** Any answer other than 200 with `success`: `code` is the HTTP status, `body` what Authy sent. */
    class HttpError extends StandardError {
      code: number;
      readonly status: number;
      readonly statusCode: number;
      /** A parsed body, or the raw text when it was not JSON. */
      body?: AuthyResponseBody | string;
    }

    /** A 200 whose body lacks what the call expects (code 500). */
    class AssertionFailedError extends HttpError {
      data: unknown;
      errors: unknown;
    }

    /** Arguments refused before any request was made (code 400). */
    class ValidationFailedError extends HttpError {
      data: unknown;
      errors: unknown;
    }
  }
}

/** Reads an answer of the client's `rpc`: throws errors.HttpError unless it is a 200 with `success`. */
declare module 'authy-client/dist/src/parsers/response-parser' {
  export default function parse(answer: [unknown, unknown]): unknown;
}
