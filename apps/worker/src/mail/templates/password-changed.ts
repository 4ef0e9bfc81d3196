import { defineTemplate, PRODUCT_NAME } from './mail-template';

/**
 * Sent after every password change or reset, so the account's owner learns
 * of one they did not make; the action leads to a reset of their own.
 */
export const passwordChanged = defineTemplate({
  keys: ['name', 'forgotPasswordUrl'],
  content: {
    id: (d) => ({
      subject: `Kata sandi ${PRODUCT_NAME} Anda telah diubah`,
      greeting: `Halo ${d.name},`,
      paragraphs: [
        'Kata sandi akun Anda baru saja diubah, dan sesi yang lain di perangkat lain telah diakhiri.',
        'Jika itu Anda, tidak ada yang perlu dilakukan.',
      ],
      action: { label: 'Bukan saya: atur ulang kata sandi', url: d.forgotPasswordUrl },
      closing: 'Jika Anda tidak mengubahnya, segera atur ulang kata sandi Anda dan beri tahu admin organisasi Anda.',
    }),
    en: (d) => ({
      subject: `Your ${PRODUCT_NAME} password was changed`,
      greeting: `Hello ${d.name},`,
      paragraphs: [
        'The password of your account was just changed, and your other sessions on other devices were ended.',
        'If this was you, there is nothing to do.',
      ],
      action: { label: 'Not me: reset my password', url: d.forgotPasswordUrl },
      closing: "If you did not change it, reset your password at once and tell your organisation's admin.",
    }),
  },
});
