import { digitByDigit, type SmsTexts } from './sms-texts';

const minutes = (n: number) => (n === 1 ? '1 minuto' : `${n} minutos`);

/*
 * Tú, as consumer apps in Spain and Latin America write, and words common to both ("vence", "teléfono").
 * Ñ and é are GSM-7 but ó, á, í and ú are not, so the code texts that must also warn are worded to need
 * none of them (one 160-septet segment); the short code text keeps "código" and fits 70 UCS-2 units.
 * The brief texts, which end with the autofill lines, need none of them either.
 */
export const es: SmsTexts = {
  verificationCode: (code, n) => `Tu código de verificación es ${code}. Vence en ${minutes(n)}.`,
  signupComplete: () => '¡Lo lograste! Tu registro está completo :)',
  passwordResetCode: (code, n) =>
    `Usa ${code} para restablecer tu contraseña. Vence en ${minutes(n)}. No lo compartas con nadie. Si no lo solicitaste, ignora este mensaje.`,
  passwordChanged: () =>
    'Se ha restablecido la contraseña de tu cuenta. Si no reconoces este cambio, contacta con soporte de inmediato.',
  phoneChangeCode: (code, n) =>
    `Usa ${code} para confirmar el cambio de teléfono de tu cuenta. Vence en ${minutes(n)}. Si no lo solicitaste, ignora este mensaje.`,
  phoneChanged: () =>
    'Se ha cambiado el teléfono de tu cuenta por otro. Si no reconoces este cambio, contacta con soporte de inmediato.',
  signInCode: (code, n) =>
    `Usa ${code} para entrar en tu cuenta. Vence en ${minutes(n)}. No lo compartas con nadie. Si no lo solicitaste, ignora este mensaje.`,
  twoStepCode: (code, n) =>
    `Usa ${code} como segundo paso para entrar en tu cuenta. Vence en ${minutes(n)}. No lo compartas con nadie.`,
  brief: {
    verificationCode: (code, n) => `Usa ${code} para verificar tu cuenta. Vence en ${minutes(n)}.`,
    passwordResetCode: (code, n) =>
      `Usa ${code} para restablecer tu contraseña. Vence en ${minutes(n)}. No lo compartas.`,
    phoneChangeCode: (code, n) => `Usa ${code} para confirmar tu nuevo teléfono. Vence en ${minutes(n)}.`,
    signInCode: (code, n) => `Usa ${code} para entrar en tu cuenta. Vence en ${minutes(n)}. No lo compartas.`,
    twoStepCode: (code, n) => `Usa ${code} como segundo paso para entrar. Vence en ${minutes(n)}.`,
  },
  spokenCode: (code) => `Tu código de verificación es ${digitByDigit(code)}. Repito: ${digitByDigit(code)}.`,
  voice: 'es-ES',
};
