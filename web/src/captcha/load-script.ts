const loaded = new Map<string, Promise<void>>();

/**
 * A hosted widget's script (Turnstile's, hCaptcha's), added only once a send needs it. The page's
 * Content-Security-Policy must allow its host (docs/FRAUD.md).
 */
export function loadScript(src: string): Promise<void> {
  let loading = loaded.get(src);
  if (!loading) {
    loading = new Promise<void>((resolve, reject) => {
      const script = document.createElement('script');
      script.src = src;
      script.async = true;
      script.onload = () => resolve();
      script.onerror = () => {
        loaded.delete(src);
        reject(new Error(`could not load ${src}`));
      };
      document.head.append(script);
    });
    loaded.set(src, loading);
  }
  return loading;
}
