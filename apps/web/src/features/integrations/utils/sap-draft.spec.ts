import type { SapSettings } from '@portal/contracts';
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../../../locales/en.json';
import id from '../../../locales/id.json';
import { emptySapDraft, parseSapDraft, refusedUrlField, type SapDraft, sapDraftFromSettings } from './sap-draft';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({
    lng: 'id',
    resources: { id: { translation: id }, en: { translation: en } },
    interpolation: { escapeValue: false },
    showSupportNotice: false,
  });
});
const draft = (over: Partial<SapDraft>): SapDraft => ({ ...emptySapDraft(), ...over });
const parse = (d: SapDraft, lng: 'id' | 'en' = 'id') => parseSapDraft(d, i18n.getFixedT(lng));

describe('the SAP form as the contract reads it', () => {
  it('sends only the chosen product and sign-in, trimmed, with every document type ticked by default', () => {
    const s4 = draft({
      baseUrl: ' http://127.0.0.1:4020 ',
      sapClient: '100',
      username: 'PORTAL_COMM_100',
      password: 'Sap#Demo100',
      // Typed in the other product's boxes before switching: not sent.
      companyDb: 'SBODEMOID',
      clientSecret: 'left over',
    });
    expect(parse(s4)).toEqual({
      ok: true,
      connection: {
        product: 'S4HANA',
        baseUrl: 'http://127.0.0.1:4020',
        sapClient: '100',
        auth: { type: 'BASIC', username: 'PORTAL_COMM_100', password: 'Sap#Demo100' },
        documentTypes: ['SALES_ORDER', 'SALES_RETURN', 'SALES_INVOICE', 'PURCHASE_INVOICE', 'PURCHASE_ORDER'],
      },
    });
    const oauth = draft({
      baseUrl: 'http://127.0.0.1:4020',
      authType: 'OAUTH2_CLIENT_CREDENTIALS',
      tokenUrl: 'http://127.0.0.1:4020/sap/bc/sec/oauth2/token?sap-client=100',
      clientId: 'PORTAL_CLIENT_100',
      clientSecret: 'Sap#Secret100',
      documentTypes: ['PURCHASE_ORDER', 'SALES_ORDER'],
    });
    const parsed = parse(oauth);
    expect(parsed.ok && parsed.connection).toEqual({
      product: 'S4HANA',
      baseUrl: 'http://127.0.0.1:4020',
      auth: {
        type: 'OAUTH2_CLIENT_CREDENTIALS',
        tokenUrl: 'http://127.0.0.1:4020/sap/bc/sec/oauth2/token?sap-client=100',
        clientId: 'PORTAL_CLIENT_100',
        clientSecret: 'Sap#Secret100',
      },
      // In the contract's order, whatever order they were ticked in.
      documentTypes: ['SALES_ORDER', 'PURCHASE_ORDER'],
    });
    const b1 = parse(
      draft({
        product: 'BUSINESS_ONE',
        baseUrl: 'https://b1.example.com:50000',
        companyDb: 'SBODEMOID',
        username: 'manager',
        password: 'B1#Demo1',
        sapClient: '100',
      }),
    );
    expect(b1.ok && b1.connection).toEqual({
      product: 'BUSINESS_ONE',
      baseUrl: 'https://b1.example.com:50000',
      companyDb: 'SBODEMOID',
      username: 'manager',
      password: 'B1#Demo1',
      documentTypes: ['SALES_ORDER', 'SALES_RETURN', 'SALES_INVOICE', 'PURCHASE_INVOICE', 'PURCHASE_ORDER'],
    });
  });

  it('says per box, in the user language, what is missing or wrong', () => {
    expect(parse(draft({}))).toEqual({
      ok: false,
      errors: { baseUrl: id.validation.required, username: id.validation.required, password: id.validation.required },
    });
    expect(parse(draft({ baseUrl: 'ftp://sap.example.com', sapClient: '1000', username: 'u', password: 'p', documentTypes: [] }), 'en')).toEqual({
      ok: false,
      errors: { baseUrl: en.errors.SAP_URL_INVALID, sapClient: en.sap.sapClientFormat, documentTypes: en.sap.documentTypesRequired },
    });
    // A URL carrying a user and password is refused: credentials go in their own boxes.
    const withUser = parse(draft({ baseUrl: 'https://user:pw@sap.example.com', username: 'u', password: 'p' }));
    expect(withUser.ok ? null : withUser.errors).toEqual({ baseUrl: id.errors.SAP_URL_INVALID });
    const oauth = parse(draft({ baseUrl: 'https://sap.example.com', authType: 'OAUTH2_CLIENT_CREDENTIALS', tokenUrl: 'token' }));
    expect(oauth.ok ? null : oauth.errors).toEqual({
      tokenUrl: id.errors.SAP_URL_INVALID,
      clientId: id.validation.required,
      clientSecret: id.validation.required,
    });
  });

  it('re-authenticates from the stored settings with every secret empty', () => {
    const basic: SapSettings = {
      product: 'S4HANA',
      baseUrl: 'http://127.0.0.1:4020',
      sapClient: '100',
      companyDb: null,
      authType: 'BASIC',
      principal: 'PORTAL_COMM_100',
      tokenUrl: null,
      documentTypes: ['SALES_ORDER', 'SALES_INVOICE'],
    };
    expect(sapDraftFromSettings(basic)).toEqual(
      draft({ baseUrl: 'http://127.0.0.1:4020', sapClient: '100', username: 'PORTAL_COMM_100', documentTypes: ['SALES_ORDER', 'SALES_INVOICE'] }),
    );
    const oauth = sapDraftFromSettings({
      ...basic,
      authType: 'OAUTH2_CLIENT_CREDENTIALS',
      principal: 'PORTAL_CLIENT_100',
      tokenUrl: 'http://127.0.0.1:4020/token',
    });
    expect([oauth.authType, oauth.clientId, oauth.tokenUrl, oauth.username, oauth.clientSecret, oauth.password]).toEqual([
      'OAUTH2_CLIENT_CREDENTIALS',
      'PORTAL_CLIENT_100',
      'http://127.0.0.1:4020/token',
      '',
      '',
      '',
    ]);
    const b1 = sapDraftFromSettings({
      ...basic,
      product: 'BUSINESS_ONE',
      sapClient: null,
      companyDb: 'SBODEMOID',
      authType: 'SERVICE_LAYER',
      principal: 'manager',
    });
    expect([b1.product, b1.companyDb, b1.username, b1.password]).toEqual(['BUSINESS_ONE', 'SBODEMOID', 'manager', '']);
  });

  it('puts a refused address next to the URL whose host it is', () => {
    const oauth = draft({ baseUrl: 'https://sap.example.com', authType: 'OAUTH2_CLIENT_CREDENTIALS', tokenUrl: 'http://10.0.0.5/oauth2/token' });
    expect(refusedUrlField(oauth, { host: '10.0.0.5' })).toBe('tokenUrl');
    expect(refusedUrlField(oauth, { host: 'sap.example.com' })).toBe('baseUrl');
    expect(refusedUrlField(oauth, undefined)).toBe('baseUrl');
    // Basic sign-in has no token URL, whatever is left in its box.
    expect(refusedUrlField({ ...oauth, authType: 'BASIC' }, { host: '10.0.0.5' })).toBe('baseUrl');
  });
});
