type QrCodeLibrary = typeof import('qrcode');

// The QR encoder (about 25 KB) is needed only by someone setting up an authenticator app: fetched
// then, never with the first page. Kept once fetched; asked again if the fetch failed.
let library: Promise<QrCodeLibrary> | undefined;

export function loadQrCode(): Promise<QrCodeLibrary> {
  library ??= import('qrcode').then(
    // A CommonJS package: its functions may come as the namespace's default.
    (module) => (module as QrCodeLibrary & { default?: QrCodeLibrary }).default ?? module,
    (error: unknown) => {
      library = undefined;
      throw error;
    },
  );
  return library;
}
