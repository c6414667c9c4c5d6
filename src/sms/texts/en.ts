import { digitByDigit, type SmsTexts } from './sms-texts';

const minutes = (n: number) => (n === 1 ? '1 minute' : `${n} minutes`);

// Straight apostrophes: a typographic ’ is outside GSM-7 and would shrink the segment to 70 units.
export const en: SmsTexts = {
  verificationCode: (code, n) => `Your verification code is ${code}. It expires in ${minutes(n)}.`,
  signupComplete: () => 'You did it! Signup complete :)',
  passwordResetCode: (code, n) =>
    `Your password reset code is ${code}. It expires in ${minutes(n)}. Don't share it with anyone. If you didn't ask for it, ignore this message.`,
  passwordChanged: () => "Your password was just changed. If this wasn't you, contact support right away.",
  phoneChangeCode: (code, n) =>
    `Your code to confirm your new phone number is ${code}. It expires in ${minutes(n)}. If you didn't ask for it, ignore this message.`,
  phoneChanged: () =>
    "The phone number on your account was just changed. If this wasn't you, contact support right away.",
  signInCode: (code, n) =>
    `Your sign-in code is ${code}. It expires in ${minutes(n)}. Don't share it with anyone. If you didn't ask for it, ignore this message.`,
  twoStepCode: (code, n) =>
    `Your second-step sign-in code is ${code}. It expires in ${minutes(n)}. Don't share it with anyone.`,
  brief: {
    verificationCode: (code, n) => `Your verification code is ${code}. It expires in ${minutes(n)}.`,
    passwordResetCode: (code, n) => `Your password reset code is ${code}. It expires in ${minutes(n)}. Don't share it.`,
    phoneChangeCode: (code, n) => `Your code to confirm your new phone number is ${code}. It expires in ${minutes(n)}.`,
    signInCode: (code, n) => `Your sign-in code is ${code}. It expires in ${minutes(n)}. Don't share it.`,
    twoStepCode: (code, n) => `Your second-step code is ${code}. It expires in ${minutes(n)}. Don't share it.`,
  },
  spokenCode: (code) => `Your verification code is ${digitByDigit(code)}. Once again: ${digitByDigit(code)}.`,
  voice: 'en-US',
};
