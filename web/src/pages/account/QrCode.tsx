import { useEffect, useRef, useState } from 'react';
import { loadQrCode } from '../../qr-code';

/**
 * `text` drawn as a QR code on a canvas in the page: it never leaves the browser, and no image
 * service ever sees it. A screen reader hears `label`; the same text is offered as a key beside it.
 */
export function QrCode({ text, label }: { text: string; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let current = true;
    setFailed(false);
    loadQrCode()
      .then((qrcode) => {
        if (current && canvas.current) return qrcode.toCanvas(canvas.current, text, { width: 224, margin: 4 });
      })
      .catch(() => current && setFailed(true));
    return () => {
      current = false;
    };
  }, [text]);
  if (failed) return <p className="field-hint">The QR code could not be shown. Type the key below into your app.</p>;
  return <canvas ref={canvas} className="qr" role="img" aria-label={label} width={224} height={224} />;
}
