import { digitByDigit, type SmsTexts } from './sms-texts';

const minutes = (n: number) => (n === 1 ? '1 Minute' : `${n} Minuten`);

// Du, as the large consumer apps write their code texts ("Dein …-Code"). Ä, ö, ü and ß are all GSM-7.
export const de: SmsTexts = {
  verificationCode: (code, n) => `Dein Bestätigungscode lautet ${code}. Er ist ${minutes(n)} gültig.`,
  signupComplete: () => 'Geschafft! Deine Registrierung ist abgeschlossen :)',
  passwordResetCode: (code, n) =>
    `Dein Code zum Zurücksetzen des Passworts lautet ${code}. Er ist ${minutes(n)} gültig. Gib ihn nicht weiter. Nicht angefordert? Dann ignoriere diese SMS.`,
  passwordChanged: () => 'Dein Passwort wurde geändert. Warst du das nicht, wende dich bitte sofort an den Support.',
  phoneChangeCode: (code, n) =>
    `Dein Code zur Bestätigung deiner neuen Telefonnummer lautet ${code}. Er ist ${minutes(n)} gültig. Nicht angefordert? Dann ignoriere diese SMS.`,
  phoneChanged: () =>
    'Die Telefonnummer deines Kontos wurde geändert. Warst du das nicht, wende dich bitte sofort an den Support.',
  signInCode: (code, n) =>
    `Dein Anmeldecode lautet ${code}. Er ist ${minutes(n)} gültig. Gib ihn nicht weiter. Nicht angefordert? Dann ignoriere diese SMS.`,
  twoStepCode: (code, n) =>
    `Dein Code für den zweiten Anmeldeschritt lautet ${code}. Er ist ${minutes(n)} gültig. Gib ihn nicht weiter.`,
  brief: {
    verificationCode: (code, n) => `Dein Bestätigungscode lautet ${code}. Er ist ${minutes(n)} gültig.`,
    passwordResetCode: (code, n) =>
      `Dein Code zum Zurücksetzen des Passworts: ${code}. Er ist ${minutes(n)} gültig. Gib ihn nicht weiter.`,
    phoneChangeCode: (code, n) =>
      `Dein Code zur Bestätigung deiner neuen Telefonnummer lautet ${code}. Er ist ${minutes(n)} gültig.`,
    signInCode: (code, n) => `Dein Anmeldecode lautet ${code}. Er ist ${minutes(n)} gültig. Gib ihn nicht weiter.`,
    twoStepCode: (code, n) => `Dein Code für den zweiten Anmeldeschritt: ${code}. Er ist ${minutes(n)} gültig.`,
  },
  spokenCode: (code) => `Dein Bestätigungscode lautet ${digitByDigit(code)}. Noch einmal: ${digitByDigit(code)}.`,
  voice: 'de-DE',
};
