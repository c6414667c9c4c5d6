import { digitByDigit, type SmsTexts } from './sms-texts';

// French counts 0 and 1 as singular.
const minutes = (n: number) => (n < 2 ? `${n} minute` : `${n} minutes`);

/*
 * Vous, the norm for French transactional messages. É, è, à and ù are GSM-7 but ê, â, î, ô and ç are
 * not, so the wording avoids them ("n'était pas", "ne l'avez pas demandé") and every text stays GSM-7.
 * Plain spaces before ! and : and straight apostrophes: the typographic ones would switch to UCS-2.
 */
export const fr: SmsTexts = {
  verificationCode: (code, n) => `Votre code de vérification est ${code}. Valable ${minutes(n)}.`,
  signupComplete: () => "C'est fait ! Votre inscription est terminée :)",
  passwordResetCode: (code, n) =>
    `Votre code de réinitialisation du mot de passe est ${code}. Valable ${minutes(n)}. Ne le partagez pas. Si vous ne l'avez pas demandé, ignorez ce message.`,
  passwordChanged: () =>
    "Votre mot de passe a été modifié. Si ce n'était pas vous, contactez le support immédiatement.",
  phoneChangeCode: (code, n) =>
    `Votre code pour confirmer votre nouveau numéro est ${code}. Valable ${minutes(n)}. Si vous ne l'avez pas demandé, ignorez ce message.`,
  phoneChanged: () =>
    "Le numéro de téléphone de votre compte a été modifié. Si ce n'était pas vous, contactez le support immédiatement.",
  signInCode: (code, n) =>
    `Votre code de connexion est ${code}. Valable ${minutes(n)}. Ne le partagez pas. Si vous ne l'avez pas demandé, ignorez ce message.`,
  twoStepCode: (code, n) =>
    `Votre code de deuxième étape de connexion est ${code}. Valable ${minutes(n)}. Ne le partagez pas.`,
  brief: {
    verificationCode: (code, n) => `Votre code de vérification est ${code}. Valable ${minutes(n)}.`,
    passwordResetCode: (code, n) =>
      `Votre code de réinitialisation du mot de passe est ${code}. Valable ${minutes(n)}. Ne le partagez pas.`,
    phoneChangeCode: (code, n) => `Votre code pour confirmer votre nouveau numéro est ${code}. Valable ${minutes(n)}.`,
    signInCode: (code, n) => `Votre code de connexion est ${code}. Valable ${minutes(n)}. Ne le partagez pas.`,
    twoStepCode: (code, n) => `Votre code de deuxième étape est ${code}. Valable ${minutes(n)}.`,
  },
  spokenCode: (code) => `Votre code de vérification est ${digitByDigit(code)}. Je répète : ${digitByDigit(code)}.`,
  voice: 'fr-FR',
};
