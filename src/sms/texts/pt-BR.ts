import { digitByDigit, type SmsTexts } from './sms-texts';

// Portuguese counts 0 and 1 as singular.
const minutes = (n: number) => (n < 2 ? `${n} minuto` : `${n} minutos`);

/*
 * Você ("Seu código…"), as Brazilian apps write. Of the accented letters only é and à are GSM-7, so
 * texts with ã, ç, ó or ê take UCS-2 and are kept within its 70 units; the code texts that also warn are
 * worded around them ("Use 123456 para…", "Nunca o compartilhe") and stay GSM-7, as the brief texts do.
 */
export const ptBR: SmsTexts = {
  verificationCode: (code, n) => `Seu código de verificação é ${code}. Ele expira em ${minutes(n)}.`,
  signupComplete: () => 'Tudo certo! Seu cadastro foi concluído :)',
  passwordResetCode: (code, n) =>
    `Use ${code} para redefinir sua senha. Ele expira em ${minutes(n)}. Nunca o compartilhe com ninguém.`,
  passwordChanged: () => 'Sua senha foi alterada. Não foi você? Fale com o suporte.',
  phoneChangeCode: (code, n) =>
    `Use ${code} para confirmar o novo telefone da sua conta. Ele expira em ${minutes(n)}. Nunca o compartilhe com ninguém.`,
  phoneChanged: () => 'Seu número de celular foi alterado. Não foi você? Fale com o suporte.',
  signInCode: (code, n) =>
    `Use ${code} para entrar na sua conta. Ele expira em ${minutes(n)}. Nunca o compartilhe com ninguém.`,
  twoStepCode: (code, n) =>
    `Use ${code} na segunda etapa para entrar na sua conta. Ele expira em ${minutes(n)}. Nunca o compartilhe com ninguém.`,
  brief: {
    verificationCode: (code, n) => `Use ${code} para verificar sua conta. Ele expira em ${minutes(n)}.`,
    passwordResetCode: (code, n) =>
      `Use ${code} para redefinir sua senha. Ele expira em ${minutes(n)}. Nunca o compartilhe.`,
    phoneChangeCode: (code, n) =>
      `Use ${code} para confirmar o novo telefone da sua conta. Ele expira em ${minutes(n)}.`,
    signInCode: (code, n) => `Use ${code} para entrar na sua conta. Ele expira em ${minutes(n)}. Nunca o compartilhe.`,
    twoStepCode: (code, n) => `Use ${code} na segunda etapa para entrar. Ele expira em ${minutes(n)}.`,
  },
  spokenCode: (code) => `Seu código de verificação é ${digitByDigit(code)}. Repetindo: ${digitByDigit(code)}.`,
  voice: 'pt-BR',
};
