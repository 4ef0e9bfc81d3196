import { type MailLocale, type NotificationKind, notificationKind } from '@portal/contracts';
import { defineTemplate, type MailContent, MailDataError, PRODUCT_NAME } from './mail-template';

type Data = Record<string, string>;
type Alert = (d: Data) => Omit<MailContent, 'greeting' | 'closing'>;

/** The params each kind's text needs, beside `kind`, `link` and `name` (what NotificationFanout puts in the notification). */
const KEYS: Record<NotificationKind, readonly string[]> = {
  sync_failed: ['integrationName'],
  integration_error: ['integrationName'],
  connection_requested: ['expiresAt'],
  connection_accepted: ['partnerName'],
  connection_declined: ['partnerName'],
  connection_revoked: ['partnerName'],
  webhook_endpoint_disabled: ['url', 'reason'],
};

const DISABLED_ID: Record<string, string> = {
  MANUAL: 'dinonaktifkan secara manual',
  GONE: 'penerimanya menjawab 410 Gone',
  FAILING: 'setiap pengiriman gagal selama 5 hari',
  RECEIVER: 'penerimanya meminta pengiriman dihentikan',
};
const DISABLED_EN: Record<string, string> = {
  MANUAL: 'it was switched off by hand',
  GONE: 'the receiver answered 410 Gone',
  FAILING: 'every delivery failed for 5 days',
  RECEIVER: 'the receiver asked for deliveries to stop',
};

const date = (iso: string, locale: MailLocale) =>
  new Intl.DateTimeFormat(locale === 'en' ? 'en-US' : 'id-ID', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Asia/Jakarta' }).format(
    new Date(iso),
  );

const ALERTS: Record<MailLocale, Record<NotificationKind, Alert>> = {
  id: {
    sync_failed: (d) => ({
      subject: `Sinkronisasi ${d.integrationName} gagal`,
      paragraphs: [
        `Sinkronisasi integrasi ${d.integrationName} gagal dan tidak akan dicoba ulang otomatis lagi.`,
        ...(d.error ? [`Pesan dari sistem: ${d.error}`] : []),
        'Periksa riwayat sinkronisasi, lalu jalankan ulang setelah penyebabnya diperbaiki.',
      ],
      action: { label: 'Buka integrasi', url: d.link! },
    }),
    integration_error: (d) => ({
      subject: `Integrasi ${d.integrationName} perlu tindakan`,
      paragraphs: [
        `Integrasi ${d.integrationName} berstatus ERROR dan tidak disinkronkan sampai masalahnya diperbaiki.`,
        ...(d.reason ? [`Alasan: ${d.reason}`] : []),
      ],
      action: { label: 'Buka integrasi', url: d.link! },
    }),
    connection_requested: (d) => ({
      subject: 'Permintaan koneksi dikirim',
      paragraphs: [`Organisasi Anda mengirim permintaan koneksi ke distributor. Undangan berlaku sampai ${date(d.expiresAt!, 'id')}.`],
      action: { label: 'Lihat koneksi', url: d.link! },
    }),
    connection_accepted: (d) => ({
      subject: `${d.partnerName} menerima koneksi`,
      paragraphs: [`${d.partnerName} menerima permintaan koneksi. Data yang disetujui kini dibagikan sesuai koneksi.`],
      action: { label: 'Lihat koneksi', url: d.link! },
    }),
    connection_declined: (d) => ({
      subject: `${d.partnerName} menolak koneksi`,
      paragraphs: [`${d.partnerName} menolak permintaan koneksi. Tidak ada data yang dibagikan.`],
      action: { label: 'Lihat koneksi', url: d.link! },
    }),
    connection_revoked: (d) => ({
      subject: `Koneksi dengan ${d.partnerName} dicabut`,
      paragraphs: [`Koneksi dengan ${d.partnerName} telah dicabut. Data tidak lagi dibagikan melalui koneksi ini.`],
      action: { label: 'Lihat koneksi', url: d.link! },
    }),
    webhook_endpoint_disabled: (d) => ({
      subject: 'Endpoint webhook dinonaktifkan',
      paragraphs: [
        `Endpoint webhook ${d.url} tidak lagi menerima event karena ${DISABLED_ID[d.reason!] ?? d.reason}.`,
        'Perbaiki penerimanya, lalu aktifkan kembali endpoint ini; pengiriman yang terlewat dapat diputar ulang.',
      ],
      action: { label: 'Buka endpoint', url: d.link! },
    }),
  },
  en: {
    sync_failed: (d) => ({
      subject: `Sync of ${d.integrationName} failed`,
      paragraphs: [
        `A sync of the integration ${d.integrationName} failed and will not be retried automatically again.`,
        ...(d.error ? [`The system said: ${d.error}`] : []),
        'Check the sync history, then run it again once the cause is fixed.',
      ],
      action: { label: 'Open the integration', url: d.link! },
    }),
    integration_error: (d) => ({
      subject: `Integration ${d.integrationName} needs attention`,
      paragraphs: [
        `The integration ${d.integrationName} is in ERROR and does not sync until the problem is fixed.`,
        ...(d.reason ? [`Reason: ${d.reason}`] : []),
      ],
      action: { label: 'Open the integration', url: d.link! },
    }),
    connection_requested: (d) => ({
      subject: 'Connection request sent',
      paragraphs: [`Your organisation sent a connection request to a distributor. The invite is valid until ${date(d.expiresAt!, 'en')}.`],
      action: { label: 'See connections', url: d.link! },
    }),
    connection_accepted: (d) => ({
      subject: `${d.partnerName} accepted the connection`,
      paragraphs: [`${d.partnerName} accepted the connection request. The agreed data is now shared through the connection.`],
      action: { label: 'See connections', url: d.link! },
    }),
    connection_declined: (d) => ({
      subject: `${d.partnerName} declined the connection`,
      paragraphs: [`${d.partnerName} declined the connection request. No data is shared.`],
      action: { label: 'See connections', url: d.link! },
    }),
    connection_revoked: (d) => ({
      subject: `Connection with ${d.partnerName} revoked`,
      paragraphs: [`The connection with ${d.partnerName} was revoked. Data is no longer shared through it.`],
      action: { label: 'See connections', url: d.link! },
    }),
    webhook_endpoint_disabled: (d) => ({
      subject: 'Webhook endpoint disabled',
      paragraphs: [
        `The webhook endpoint ${d.url} no longer receives events because ${DISABLED_EN[d.reason!] ?? d.reason}.`,
        'Fix the receiver, then enable the endpoint again; missed deliveries can be replayed.',
      ],
      action: { label: 'Open the endpoint', url: d.link! },
    }),
  },
};

/** Every alert's subject names the portal (an inbox full of "Sync failed" says nothing), with a greeting and how to turn it off. */
const withFrame = (alert: ReturnType<Alert>, greeting: string, closing: string): MailContent => ({
  ...alert,
  subject: `${PRODUCT_NAME}: ${alert.subject}`,
  greeting,
  closing,
});

const kindOf = (d: Data): NotificationKind => {
  const kind = notificationKind.safeParse(d.kind);
  if (!kind.success) throw new MailDataError(`mail "alert" has no known kind (${d.kind})`);
  return kind.data;
};

/**
 * A notification told by email (issue 12, docs/product/events.md "Alerts"):
 * one subject and text per kind, in the recipient's language, with a button
 * to what it is about: `link`, that place's absolute URL (a disabled
 * endpoint's `url` is the receiver's address, shown, never a button).
 */
export const alert = defineTemplate({
  keys: ['kind', 'link', 'name'],
  keysFor: (d) => KEYS[kindOf(d)],
  content: {
    id: (d) => withFrame(ALERTS.id[kindOf(d)](d), `Halo ${d.name},`, `Atur email pemberitahuan di ${PRODUCT_NAME}: menu lonceng, lalu Pengaturan email.`),
    en: (d) =>
      withFrame(ALERTS.en[kindOf(d)](d), `Hello ${d.name},`, `Choose which alerts you get by email in ${PRODUCT_NAME}: the bell menu, then Email settings.`),
  },
});
