/**
 * What a code's text ends with so that phones and browsers fill the code in by themselves: the
 * origin-bound line (`@auth.example.com #123456`, WICG's origin-bound one-time codes, read by Safari,
 * iOS and Chrome) and an Android app's SMS Retriever hash.
 */
export interface CodeAutofill {
  /** PUBLIC_URL's hostname, without a port. */
  hostname?: string;
  /** ANDROID_APP_HASH: 11 characters that name the app to Android's SMS Retriever. */
  androidAppHash?: string;
}
